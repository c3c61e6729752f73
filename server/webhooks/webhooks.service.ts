import { db, inTransaction, pool } from "../lib/db";
import { AppError, notFound } from "../lib/errors";
import { uuidv7 } from "../lib/ids";
import { enqueue } from "../jobs/catalog";
import { redactHeaders } from "../logs/redact";
import { DEFAULT_MAX_ATTEMPTS } from "../forwarding/retry-policy";
import type { Environment, Prisma } from "../lib/generated/prisma/client";
import { wakeDeliveriesDrain } from "./drain-wakeup";
import {
  listWebhooksQuerySchema,
  type DeliveryView,
  type ListWebhooksQuery,
  type WebhookDetail,
  type WebhookSummary,
} from "./webhooks.schema";

// Reading the webhook log, and the two repair actions: replay a webhook, retry a delivery.

function isUtf8Text(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString("utf8"), "utf8").equals(bytes);
}

export async function listWebhooks(
  environment: Environment,
  query: ListWebhooksQuery,
): Promise<{ items: WebhookSummary[]; nextCursor: string | null }> {
  const q = listWebhooksQuerySchema.parse(query);
  const integrations = await db().integration.findMany({
    where: { environmentId: environment.id },
    select: { id: true, key: true, provider: true },
  });
  const byId = new Map(integrations.map((i) => [i.id, i]));
  const where: Prisma.WebhookWhereInput = { environmentId: environment.id };
  if (q.integrationKey) {
    const integration = integrations.find((i) => i.key === q.integrationKey);
    if (!integration) return { items: [], nextCursor: null };
    where.integrationId = integration.id;
  }
  if (q.status) where.status = q.status;
  if (q.since || q.until) where.receivedAt = { gte: q.since, lt: q.until };
  if (q.cursor) where.id = { lt: q.cursor };
  if (q.connectionId || q.type) {
    let connectionIds: string[] | null = null;
    if (q.connectionId) {
      const connections = await db().connection.findMany({
        where: { environmentId: environment.id, connectionId: q.connectionId },
        select: { id: true },
      });
      connectionIds = connections.map((c) => c.id);
    }
    // The page of webhooks that have a matching event, with every other filter applied in
    // the same query (an EXISTS per webhook, on the events' webhook index), so no cap cuts it short.
    const { rows: ids } = await pool().query<{ id: string }>(
      `SELECT w.id FROM webhooks w
        WHERE w.environment_id = $1
          AND ($2::uuid IS NULL OR w.integration_id = $2)
          AND ($3::text IS NULL OR w.status::text = $3)
          AND ($4::timestamptz IS NULL OR w.received_at >= $4)
          AND ($5::timestamptz IS NULL OR w.received_at < $5)
          AND ($6::uuid IS NULL OR w.id < $6)
          AND EXISTS (SELECT 1 FROM events e WHERE e.webhook_id = w.id
                        AND ($7::text IS NULL OR e.type = $7)
                        AND ($8::uuid[] IS NULL OR e.connection_id = ANY($8)))
        ORDER BY w.id DESC LIMIT $9`,
      [
        environment.id,
        where.integrationId ?? null,
        q.status ?? null,
        q.since ?? null,
        q.until ?? null,
        q.cursor ?? null,
        q.type ?? null,
        connectionIds,
        q.limit + 1,
      ],
    );
    where.id = { in: ids.map((r) => r.id) };
  }
  const rows = await db().webhook.findMany({
    where,
    orderBy: { id: "desc" },
    take: q.limit + 1,
    select: {
      id: true,
      integrationId: true,
      method: true,
      status: true,
      eventCount: true,
      error: true,
      receivedAt: true,
      processedAt: true,
    },
  });
  const page = rows.slice(0, q.limit);
  const types = await db().event.findMany({
    where: { webhookId: { in: page.map((w) => w.id) } },
    select: { webhookId: true, type: true },
    orderBy: { index: "asc" },
  });
  const typesByWebhook = new Map<string, string[]>();
  for (const t of types) typesByWebhook.set(t.webhookId, [...(typesByWebhook.get(t.webhookId) ?? []), t.type]);
  return {
    items: page.map((w) => ({
      id: w.id,
      integrationKey: byId.get(w.integrationId)?.key ?? null,
      provider: byId.get(w.integrationId)?.provider ?? null,
      method: w.method,
      status: w.status,
      eventCount: w.eventCount,
      eventTypes: [...new Set(typesByWebhook.get(w.id) ?? [])],
      error: w.error,
      receivedAt: w.receivedAt.toISOString(),
      processedAt: w.processedAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}

function toDeliveryView(d: Prisma.DeliveryGetPayload<{ include: { attempts: true } }>): DeliveryView {
  return {
    id: d.id,
    eventId: d.eventId,
    url: d.url,
    status: d.status,
    attemptCount: d.attemptCount,
    maxAttempts: d.maxAttempts,
    nextAttemptAt: d.status === "pending" ? (d.nextAttemptAt?.toISOString() ?? null) : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    attempts: d.attempts
      .sort((a, b) => a.number - b.number)
      .map((a) => ({
        number: a.number,
        startedAt: a.startedAt.toISOString(),
        durationMs: a.durationMs,
        statusCode: a.statusCode,
        error: a.error,
        responseExcerpt: a.responseExcerpt,
      })),
  };
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export async function getWebhook(environment: Environment, id: string): Promise<WebhookDetail> {
  if (!isUuid(id)) throw notFound("Webhook");
  // One snapshot, so that the webhook, its events and their deliveries agree with each other
  // (the worker commits them together).
  const found = await db().$transaction(
    async (tx) => {
      const webhook = await tx.webhook.findFirst({ where: { id, environmentId: environment.id } });
      if (!webhook) return null;
      const [integration, events, deliveries] = await Promise.all([
        tx.integration.findUnique({ where: { id: webhook.integrationId }, select: { key: true, provider: true } }),
        tx.event.findMany({ where: { webhookId: id, environmentId: environment.id }, orderBy: { index: "asc" } }),
        tx.delivery.findMany({
          where: { webhookId: id, environmentId: environment.id },
          include: { attempts: true },
          orderBy: { createdAt: "asc" },
        }),
      ]);
      return { webhook, integration, events, deliveries };
    },
    { isolationLevel: "RepeatableRead" },
  );
  if (!found) throw notFound("Webhook");
  const { webhook, integration, events, deliveries } = found;
  const connectionIds = [...new Set(events.map((e) => e.connectionId).filter((c): c is string => c !== null))];
  const connections = await db().connection.findMany({ where: { id: { in: connectionIds } }, select: { id: true, connectionId: true } });
  const externalId = new Map(connections.map((c) => [c.id, c.connectionId]));
  const body = Buffer.from(webhook.body);
  const text = isUtf8Text(body);
  return {
    id: webhook.id,
    integrationKey: integration?.key ?? null,
    provider: integration?.provider ?? null,
    method: webhook.method,
    status: webhook.status,
    eventCount: webhook.eventCount,
    eventTypes: [...new Set(events.map((e) => e.type))],
    error: webhook.error,
    receivedAt: webhook.receivedAt.toISOString(),
    processedAt: webhook.processedAt?.toISOString() ?? null,
    path: webhook.path,
    query: webhook.query,
    headers: redactHeaders(webhook.headers as Record<string, string>),
    body: text ? body.toString("utf8") : body.toString("base64"),
    bodyEncoding: text ? "utf8" : "base64",
    events: events.map((e) => ({
      id: e.id,
      index: e.index,
      type: e.type,
      providerEventId: e.providerEventId,
      objectId: e.objectId,
      connectionId: e.connectionId ? (externalId.get(e.connectionId) ?? null) : null,
      attribution: e.attribution as Record<string, string>,
      attributionStatus: e.attributionStatus,
      status: e.status,
      duplicateOf: e.duplicateOf,
      note: e.note,
      payload: e.payload,
    })),
    deliveries: deliveries.map(toDeliveryView),
  };
}

/**
 * Runs a stored webhook through the current pipeline again. A webhook that failed before
 * producing events is processed from scratch; otherwise its events are routed again as
 * new deliveries (new `webhook-id`s: a replay is a new message, asked for by a person).
 */
export async function replayWebhook(environment: Environment, id: string): Promise<{ replayId: string }> {
  if (!isUuid(id)) throw notFound("Webhook");
  const webhook = await db().webhook.findFirst({ where: { id, environmentId: environment.id }, select: { id: true, status: true } });
  if (!webhook) throw notFound("Webhook");
  if (webhook.status === "pending") throw new AppError("conflict", "This webhook has not been processed yet");
  const replayId = uuidv7();
  await enqueue(pool(), "webhook.replay", { webhookId: id, environmentId: environment.id, replayId });
  return { replayId };
}

export async function retryDelivery(environment: Environment, id: string): Promise<DeliveryView> {
  if (!isUuid(id)) throw notFound("Delivery");
  await inTransaction(async (client) => {
    const { rows } = await client.query<{ status: string }>(
      `SELECT status FROM deliveries WHERE id = $1 AND environment_id = $2 FOR UPDATE`,
      [id, environment.id],
    );
    const row = rows[0];
    if (!row) throw notFound("Delivery");
    if (row.status === "pending") throw new AppError("conflict", "This delivery is still being attempted");
    if (row.status === "succeeded") throw new AppError("conflict", "This delivery already succeeded; replay the webhook to send it again");
    // A fresh budget of attempts, starting now.
    await client.query(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = now(), max_attempts = attempt_count + $2, last_error = NULL, updated_at = now() WHERE id = $1`,
      [id, DEFAULT_MAX_ATTEMPTS],
    );
    await wakeDeliveriesDrain(client);
  });
  const delivery = await db().delivery.findUniqueOrThrow({ where: { id }, include: { attempts: true } });
  return toDeliveryView(delivery);
}
