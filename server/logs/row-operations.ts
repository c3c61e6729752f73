import type { Prisma } from "../lib/generated/prisma/client";
import { derivedUuidv7 } from "../lib/ids";
import { findProvider } from "../providers/registry";
import { describeAttempt, forwardStatus, latestAttemptEnd } from "../forwarding/attempt-log";
import type { LogLevel, OperationStatus } from "./log-batch";

// The log entries of a webhook's own processing, told from its rows. The webhook drain
// writes nothing to the log tables: the webhook row (status, error), each event's row
// (attribution, status, note) and each delivery with its attempts already hold every fact
// the log shows, so writing them again as log rows would double the drain's writes. The
// words here are the log's words; log tables hold what rows cannot tell (replays,
// pipeline runs, rejections, connects).

export interface TreeMessage {
  id: string;
  level: LogLevel;
  message: string;
  data: Prisma.JsonValue;
  createdAt: Date;
}

export interface TreeOperation {
  id: string;
  parentId: string | null;
  type: string;
  title: string;
  status: OperationStatus;
  connectionId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  messages: TreeMessage[];
}

export interface WebhookRow {
  id: string;
  method: string;
  path: string;
  query: string;
  bodyBytes: number;
  status: "pending" | "processed" | "failed";
  error: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  /** The integration's provider; null when the integration is gone. */
  provider: string | null;
}

type EventRow = Prisma.EventGetPayload<object>;
type DeliveryWithAttempts = Prisma.DeliveryGetPayload<{ include: { attempts: true } }>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The webhook's operation: receipt, verification and the events it held. */
export function webhookOperation(webhook: WebhookRow, events: EventRow[]): TreeOperation {
  const providerName = webhook.provider ? (findProvider(webhook.provider)?.name ?? webhook.provider) : null;
  const received =
    `Received ${webhook.method} ${webhook.path}${webhook.query ? `?${webhook.query}` : ""} (${webhook.bodyBytes} bytes), ` +
    "signature verified on receipt";
  const types = [...new Set(events.map((e) => e.type))];
  let title: string;
  let status: OperationStatus;
  let level: LogLevel = "info";
  let message: string;
  if (webhook.status === "pending") {
    title = `${providerName ?? "Unknown"} webhook`;
    status = "running";
    message = `${received}; waiting to be processed`;
  } else if (webhook.status === "failed") {
    title = providerName ? `${providerName} webhook could not be processed` : "Webhook for a deleted integration";
    status = "failed";
    level = "error";
    message = `${received}. Processing failed: ${webhook.error ?? "no reason recorded"}`;
  } else {
    title = `${providerName ?? "Unknown"}: ${events.length === 1 ? events[0]!.type : plural(events.length, "event")}`;
    status = "success";
    message = `${received}; ${plural(events.length, "event")}${types.length ? `: ${types.join(", ")}` : ""}`;
  }
  return {
    id: webhook.id,
    parentId: null,
    type: "webhook",
    title,
    status,
    connectionId: null,
    startedAt: webhook.receivedAt,
    endedAt: webhook.processedAt,
    messages: [
      { id: derivedUuidv7(webhook.id, "log", 0), level, message, data: null, createdAt: webhook.processedAt ?? webhook.receivedAt },
    ],
  };
}

/**
 * One event's operation: what attribution found and where the event went. `forward` is its
 * default forward (if it had one); `children` are the operations already under it (a
 * pipeline run), whose outcome is the event's while the event itself says nothing more.
 */
export function eventOperation(
  event: EventRow,
  context: {
    externalConnectionId: string | null;
    forward: DeliveryWithAttempts | undefined;
    children: Array<{ status: OperationStatus }>;
  },
): TreeOperation {
  const keys = Object.entries((event.attribution ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
  const identifiers = keys.length ? keys.join(", ") : "no account identifiers";
  let level: LogLevel = "warn";
  let attribution: string;
  if (event.attributionStatus === "attributed") {
    level = "info";
    attribution = `Attributed to connection ${context.externalConnectionId ?? "(deleted)"} (${identifiers})`;
  } else if (event.attributionStatus === "ambiguous") {
    attribution = `Ambiguous: ${identifiers} match different connections; treated as unattributed`;
  } else {
    attribution = `No connection matches ${identifiers}`;
  }
  let next: string;
  let data: Prisma.JsonValue = null;
  if (event.status === "duplicate") {
    next = `Duplicate of event ${event.duplicateOf}: not forwarded again`;
    level = "info";
  } else if (context.forward) {
    next = `Forwarding to ${context.forward.url}`;
    data = { deliveryId: context.forward.id };
  } else {
    next = event.note ?? "Not forwarded";
  }
  const status = eventStatus(event.status, context.children);
  const lastAttempt = context.forward?.attempts.at(-1);
  return {
    id: event.id,
    parentId: event.webhookId,
    type: "event",
    title: event.type,
    status,
    connectionId: event.connectionId,
    startedAt: event.createdAt,
    endedAt:
      status === "running" ? null : lastAttempt ? new Date(lastAttempt.startedAt.getTime() + lastAttempt.durationMs) : event.createdAt,
    messages: [{ id: derivedUuidv7(event.id, "log", 0), level, message: `${attribution}. ${next}`, data, createdAt: event.createdAt }],
  };
}

function eventStatus(status: EventRow["status"], children: Array<{ status: OperationStatus }>): OperationStatus {
  switch (status) {
    case "forwarded":
      return "success";
    case "failed":
      return "failed";
    case "dropped":
    case "duplicate":
      return "skipped";
    case "pending":
      // Handed to a pipeline that finished without forwarding it (it may have saved records):
      // the event is done when its runs are.
      if (children.length === 0 || children.some((c) => c.status === "running")) return "running";
      return children.some((c) => c.status === "failed") ? "failed" : "success";
  }
}

/** A delivery as a forward operation, with a message per attempt. */
export function forwardOperation(delivery: DeliveryWithAttempts): TreeOperation {
  const attempts = delivery.attempts;
  const last = attempts.at(-1);
  const endOf = (a: (typeof attempts)[number]) => new Date(a.startedAt.getTime() + a.durationMs);
  const lastEnd = last
    ? latestAttemptEnd({ status: delivery.status, error: delivery.lastError, nextAt: delivery.nextAttemptAt }, endOf(last))
    : null;
  return {
    id: delivery.id,
    parentId: delivery.eventId,
    type: "forward",
    title: `Forward to ${delivery.url}`,
    status: forwardStatus(delivery.status),
    connectionId: delivery.connectionId,
    startedAt: attempts[0]?.startedAt ?? delivery.createdAt,
    endedAt: delivery.status === "pending" || !last ? null : endOf(last),
    messages: attempts.map((a, i) => {
      const { level, message, data } = describeAttempt(a, i === attempts.length - 1 && lastEnd ? lastEnd : { kind: "retried" });
      return { id: a.id, level, message, data: data as Prisma.JsonValue, createdAt: endOf(a) };
    }),
  };
}
