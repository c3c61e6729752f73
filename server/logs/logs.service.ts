import { z } from "zod";
import { db } from "../lib/db";
import { notFound } from "../lib/errors";
import type { Environment, Prisma } from "../lib/generated/prisma/client";
import { defaultForwardKey } from "../forwarding/forward-payload";
import { eventOperation, forwardOperation, webhookOperation, type TreeOperation, type WebhookRow } from "./row-operations";

// Reading the operation log for the UI: the rejected webhooks of an environment, and the
// operation tree of one webhook. Every query is scoped by environment id.

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export const listRejectionsQuerySchema = z.object({
  integrationKey: z.string().min(1).max(200).optional(),
  cursor: z.string().uuid({ message: "cursor must be a value returned as nextCursor" }).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListRejectionsQuery = z.input<typeof listRejectionsQuerySchema>;

export interface LogMessageView {
  id: string;
  level: "debug" | "info" | "warn" | "error";
  message: string;
  data: unknown;
  createdAt: string;
}

export interface RejectionView {
  id: string;
  integrationKey: string | null;
  provider: string | null;
  title: string;
  /** The HTTP status the provider was answered with. */
  statusCode: number | null;
  reason: string | null;
  method: string | null;
  path: string | null;
  headers: Record<string, string>;
  body: string | null;
  suppressedSinceLast: number | null;
  at: string;
}

export interface LogOperationView {
  id: string;
  parentId: string | null;
  /** Nesting below the webhook's own operation (0 for the webhook itself). */
  depth: number;
  type: string;
  title: string;
  status: "running" | "success" | "failed" | "skipped";
  connectionId: string | null;
  startedAt: string;
  endedAt: string | null;
  messages: LogMessageView[];
}

function toMessageView(m: { id: string; level: LogMessageView["level"]; message: string; data: Prisma.JsonValue; createdAt: Date }) {
  return { id: m.id, level: m.level, message: m.message, data: m.data, createdAt: m.createdAt.toISOString() };
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * Rejected webhooks (bad signature, too large, malformed) have an operation but no webhook
 * row: the ingest path logs them without storing anything.
 */
export async function listRejections(
  environment: Environment,
  query: ListRejectionsQuery = {},
): Promise<{ items: RejectionView[]; nextCursor: string | null }> {
  const q = listRejectionsQuerySchema.parse(query);
  const integrations = await db().integration.findMany({
    where: { environmentId: environment.id },
    select: { id: true, key: true, provider: true },
  });
  const byId = new Map(integrations.map((i) => [i.id, i]));
  const where: Prisma.LogOperationWhereInput = { environmentId: environment.id, type: "webhook", status: "failed", webhookId: null };
  if (q.integrationKey) {
    const integration = integrations.find((i) => i.key === q.integrationKey);
    if (!integration) return { items: [], nextCursor: null };
    where.integrationId = integration.id;
  }
  if (q.cursor) where.id = { lt: q.cursor };
  // Operation ids are UUIDv7, so ordering by id is ordering by time.
  const rows = await db().logOperation.findMany({
    where,
    orderBy: { id: "desc" },
    take: q.limit + 1,
    include: { messages: { orderBy: { createdAt: "asc" } } },
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((op) => {
      const first = op.messages[0];
      const data = asRecord(first?.data);
      const integration = op.integrationId ? byId.get(op.integrationId) : undefined;
      return {
        id: op.id,
        integrationKey: integration?.key ?? null,
        provider: integration?.provider ?? null,
        title: op.title,
        statusCode: typeof data.status === "number" ? data.status : null,
        reason: first?.message ?? null,
        method: typeof data.method === "string" ? data.method : null,
        path: typeof data.path === "string" ? data.path : null,
        headers: Object.fromEntries(Object.entries(asRecord(data.headers)).map(([k, v]) => [k, String(v)])),
        body: typeof data.body === "string" ? data.body : null,
        suppressedSinceLast: typeof data.suppressedSinceLast === "number" ? data.suppressedSinceLast : null,
        at: op.startedAt.toISOString(),
      };
    }),
    nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * The whole log of one webhook: its operation, then its events, their forwards, any
 * pipeline runs and replays, depth first and in time order, each with its messages. The
 * webhook, its events and their forwards are told from their rows (row-operations.ts);
 * the rest is read from the log tables.
 */
export async function getWebhookLogTree(environment: Environment, webhookId: string): Promise<LogOperationView[]> {
  if (!isUuid(webhookId)) throw notFound("Webhook");
  // One snapshot, so that the webhook, its events and their forwards agree with each other
  // (the worker commits them together).
  const found = await db().$transaction(
    async (tx) => {
      const [webhook] = await tx.$queryRaw<WebhookRow[]>`
        SELECT w.id, w.method, w.path, w.query, octet_length(w.body) AS "bodyBytes", w.status::text AS status, w.error,
               w.received_at AS "receivedAt", w.processed_at AS "processedAt", i.provider
          FROM webhooks w LEFT JOIN integrations i ON i.id = w.integration_id
         WHERE w.id = ${webhookId}::uuid AND w.environment_id = ${environment.id}::uuid`;
      if (!webhook) return null;
      const [logged, events, deliveries] = await Promise.all([
        tx.logOperation.findMany({
          where: { environmentId: environment.id, OR: [{ id: webhookId }, { webhookId }] },
          include: { messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
        }),
        tx.event.findMany({ where: { environmentId: environment.id, webhookId }, orderBy: { index: "asc" } }),
        tx.delivery.findMany({
          where: { environmentId: environment.id, webhookId, eventId: { not: null } },
          include: { attempts: { orderBy: { number: "asc" } } },
        }),
      ]);
      return { webhook, logged, events, deliveries };
    },
    { isolationLevel: "RepeatableRead" },
  );
  if (!found) throw notFound("Webhook");
  const { webhook, logged, events, deliveries } = found;
  const connections = await db().connection.findMany({
    where: {
      environmentId: environment.id,
      id: { in: [...new Set([...events, ...logged].map((o) => o.connectionId).filter((c): c is string => c !== null))] },
    },
    select: { id: true, connectionId: true },
  });
  const externalId = new Map(connections.map((c) => [c.id, c.connectionId]));

  // Entries logged under an id that a row also tells (written before the rows were the
  // log) are shown as logged.
  const loggedIds = new Set(logged.map((o) => o.id));
  const defaultForwards = new Map(deliveries.map((d) => [d.idempotencyKey, d]));
  const fromRows: TreeOperation[] = [];
  if (!loggedIds.has(webhook.id)) fromRows.push(webhookOperation(webhook, events));
  for (const event of events) {
    if (loggedIds.has(event.id)) continue;
    fromRows.push(
      eventOperation(event, {
        externalConnectionId: event.connectionId ? (externalId.get(event.connectionId) ?? null) : null,
        forward: defaultForwards.get(defaultForwardKey(event.id)),
        children: logged.filter((o) => o.parentId === event.id && o.type === "pipeline"),
      }),
    );
  }
  for (const delivery of deliveries) if (!loggedIds.has(delivery.id)) fromRows.push(forwardOperation(delivery));
  const operations: TreeOperation[] = [...logged, ...fromRows].sort(
    (a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id),
  );

  const ids = new Set(operations.map((o) => o.id));
  const children = new Map<string | null, TreeOperation[]>();
  for (const op of operations) {
    // An operation whose parent is not in this tree hangs off the root, so nothing is hidden.
    const parent = op.id === webhookId ? null : op.parentId && ids.has(op.parentId) ? op.parentId : webhookId;
    const siblings = children.get(parent);
    if (siblings) siblings.push(op);
    else children.set(parent, [op]);
  }
  const out: LogOperationView[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const op of children.get(parent) ?? []) {
      out.push({
        id: op.id,
        parentId: op.parentId,
        depth,
        type: op.type,
        title: op.title,
        status: op.status,
        connectionId: op.connectionId ? (externalId.get(op.connectionId) ?? null) : null,
        startedAt: op.startedAt.toISOString(),
        endedAt: op.endedAt?.toISOString() ?? null,
        messages: op.messages.map(toMessageView),
      });
      visit(op.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

export interface DeliveryCounts {
  pending: number;
  succeeded: number;
  failed: number;
}

/**
 * How the forwards of each webhook are doing. A webhook is "processed" once it is split into
 * events; whether its deliveries reached the backend is a separate question the list answers.
 */
export async function countDeliveries(environment: Environment, webhookIds: string[]): Promise<Map<string, DeliveryCounts>> {
  const out = new Map<string, DeliveryCounts>();
  if (webhookIds.length === 0) return out;
  const groups = await db().delivery.groupBy({
    by: ["webhookId", "status"],
    where: { environmentId: environment.id, webhookId: { in: webhookIds } },
    _count: { _all: true },
  });
  for (const group of groups) {
    if (!group.webhookId) continue;
    const counts = out.get(group.webhookId) ?? { pending: 0, succeeded: 0, failed: 0 };
    counts[group.status] += group._count._all;
    out.set(group.webhookId, counts);
  }
  return out;
}
