import type { PoolClient } from "pg";
import { inTransaction, pool } from "../lib/db";
import { isDatabaseUnavailable } from "../lib/errors";
import { decrypt } from "../lib/crypto";
import { getEnv } from "../lib/env";
import { derivedUuidv7, uuidv7 } from "../lib/ids";
import { enqueue } from "../jobs/catalog";
import { drainInParallel } from "../jobs/drain";
import { getProvider } from "../providers/registry";
import { isProviderId, WebhookParseError, type WebhookEvent } from "../providers/types";
import { decideForward } from "./default-pipeline";
import { defaultForwardKey, forwardBody } from "../forwarding/forward-payload";
import { attemptDeliveries, eventStatusAfter, scheduleRetry, setEventStatuses, type LeasedDelivery } from "../forwarding/deliveries";
import { DEFAULT_MAX_ATTEMPTS } from "../forwarding/retry-policy";
import { pickSigningSecret } from "./signing-secret";
import { findUnstorableText, hasUnstorableEscape, storableText } from "../lib/storable-text";
import { insertPipelineRuns, loadActivePipelines, routeToPipeline, type PlannedRun } from "../pipelines/routing";

// The worker side of ingestion. Stored webhooks are claimed in batches (FOR UPDATE
// SKIP LOCKED, so several workers share the backlog) and, in one transaction per batch:
// split into events, attributed to connections through the attribution index, deduped
// by the provider's event id, and routed: to the integration's active pipeline, or by
// default forwarded to the environment's URL. Those forwards are sent before the commit,
// so the batch's rows are written once, with their outcomes. A crash rolls the whole
// batch back to pending, so nothing is half-processed; ids derived from the webhook keep
// a repeated forward's `webhook-id`. Nothing here is written to the log tables: a
// webhook's log is told from its rows (logs/row-operations.ts), so the rows are the log.

const BATCH_SIZE = 200;

interface StoredWebhook {
  id: string;
  environment_id: string;
  integration_id: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: Buffer;
  received_at: Date;
}

export interface IntegrationInfo {
  id: string;
  key: string;
  provider: string;
  settings: Record<string, unknown>;
  secret: string | undefined;
  environmentId: string;
  forwardUrl: string | null;
  unattributedPolicy: "forward" | "drop";
}

interface PlannedEvent {
  id: string;
  webhook: StoredWebhook;
  integration: IntegrationInfo;
  index: number;
  event: WebhookEvent;
  attributionStatus: "attributed" | "unattributed" | "ambiguous";
  connection: { id: string; connectionId: string } | null;
  dedupeKey: string | null;
  duplicateOf: string | null;
  status: "pending" | "dropped" | "duplicate" | "forwarded" | "failed";
  /** Where it went, in words, when that was not the default forward. */
  note: string | null;
}

/** A webhook's `error` when its integration is gone; also what its log says. */
const INTEGRATION_DELETED = "The integration was deleted before this webhook was processed";

export async function loadIntegrations(client: PoolClient, ids: string[]): Promise<Map<string, IntegrationInfo>> {
  const { rows } = await client.query<{
    id: string;
    key: string;
    provider: string;
    settings: Record<string, unknown> | null;
    client_secret_enc: string | null;
    webhook_secret_enc: string | null;
    environment_id: string;
    forward_url: string | null;
    unattributed_policy: "forward" | "drop";
  }>(
    `SELECT i.id, i.key, i.provider, i.settings, i.client_secret_enc, i.webhook_secret_enc, i.environment_id, e.forward_url, e.unattributed_policy
       FROM integrations i JOIN environments e ON e.id = i.environment_id WHERE i.id = ANY($1::uuid[])`,
    [ids],
  );
  const map = new Map<string, IntegrationInfo>();
  for (const row of rows) {
    const secretEnc = pickSigningSecret(row.provider, { webhookSecret: row.webhook_secret_enc, clientSecret: row.client_secret_enc });
    map.set(row.id, {
      id: row.id,
      key: row.key,
      provider: row.provider,
      settings: row.settings ?? {},
      secret: secretEnc ? decrypt(secretEnc) : undefined,
      environmentId: row.environment_id,
      forwardUrl: row.forward_url,
      unattributedPolicy: row.unattributed_policy,
    });
  }
  return map;
}

/**
 * An event's type, keys and ids go into text and jsonb columns; a provider value with a
 * NUL character or half of a surrogate pair in it (both can arrive escaped in JSON) has
 * them replaced by U+FFFD, so that the event is stored and forwarded rather than failing
 * its webhook.
 * The payload is stored as it came (its `json` column keeps the escape).
 */
function storableEvent(event: WebhookEvent): WebhookEvent {
  const dirty = findUnstorableText([event.type, event.idempotencyKey, event.objectId, event.providerEventId, event.attribution]) !== null;
  if (!dirty) return event;
  return {
    ...event,
    type: storableText(event.type),
    idempotencyKey: event.idempotencyKey === null ? null : storableText(event.idempotencyKey),
    objectId: event.objectId === undefined ? undefined : storableText(event.objectId),
    providerEventId: event.providerEventId === undefined ? undefined : storableText(event.providerEventId),
    attribution: Object.fromEntries(Object.entries(event.attribution).map(([key, value]) => [storableText(key), storableText(value)])),
  };
}

/** One index lookup for every (integration, key, value) the batch's events carry. */
async function attribute(client: PoolClient, planned: PlannedEvent[]): Promise<void> {
  const integrationIds: string[] = [];
  const keys: string[] = [];
  const values: string[] = [];
  for (const p of planned) {
    for (const [key, value] of Object.entries(p.event.attribution)) {
      integrationIds.push(p.integration.id);
      keys.push(key);
      values.push(String(value));
    }
  }
  const found = new Map<string, { id: string; connectionId: string }>();
  if (keys.length > 0) {
    const { rows } = await client.query<{ integration_id: string; key: string; value: string; id: string; connection_id: string }>(
      `SELECT a.integration_id, a.key, a.value, c.id, c.connection_id
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS wanted(integration_id, key, value)
         JOIN connection_attributions a ON a.integration_id = wanted.integration_id AND a.key = wanted.key AND a.value = wanted.value
         JOIN connections c ON c.id = a.connection_id`,
      [integrationIds, keys, values],
    );
    for (const row of rows)
      found.set(`${row.integration_id}\u0000${row.key}\u0000${row.value}`, { id: row.id, connectionId: row.connection_id });
  }
  for (const p of planned) {
    const matches = new Map<string, { id: string; connectionId: string }>();
    for (const [key, value] of Object.entries(p.event.attribution)) {
      const match = found.get(`${p.integration.id}\u0000${key}\u0000${String(value)}`);
      if (match) matches.set(match.id, match);
    }
    if (matches.size === 1) {
      p.attributionStatus = "attributed";
      p.connection = [...matches.values()][0]!;
    } else {
      p.attributionStatus = matches.size === 0 ? "unattributed" : "ambiguous";
    }
  }
}

const EVENT_COLUMNS = `id, environment_id, webhook_id, integration_id, connection_id, index, type, dedupe_key, duplicate_of,
  provider_event_id, object_id, attribution, attribution_status, status, note, payload, occurred_at`;

/**
 * Inserts events from one JSON document (the payloads go over as they are, not escaped
 * again in an array literal). A payload holding an escaped NUL (\u0000) or half of a
 * surrogate pair, which json_to_recordset refuses anywhere in its document, goes over as
 * a string instead (`payload_text`) and is stored as it came: the `json` column keeps
 * the escape.
 */
function insertEventsSql(tail: string): string {
  return `INSERT INTO events (${EVENT_COLUMNS})
    SELECT id, env, webhook, integration, connection, index, type, dedupe, duplicate, provider, object, attribution, attributed, status,
           note, COALESCE(payload, payload_text::json, 'null'), occurred
      FROM json_to_recordset($1::json) AS e(id uuid, env uuid, webhook uuid, integration uuid, connection uuid, index int, type text,
           dedupe text, duplicate uuid, provider text, object text, attribution jsonb, attributed "AttributionStatus", status "EventStatus",
           note text, payload json, payload_text text, occurred timestamptz)
    ${tail}`;
}

function eventsDocument(events: PlannedEvent[]): string {
  const document = eventsDocumentWith(events, (payload) => ({ payload }));
  // Rare (user text with a NUL, or half of an emoji): only then is each payload encoded a second time.
  if (!hasUnstorableEscape(document)) return document;
  return eventsDocumentWith(events, (payload) => ({ payload_text: JSON.stringify(payload) }));
}

function eventsDocumentWith(events: PlannedEvent[], payloadField: (payload: unknown) => object): string {
  return JSON.stringify(
    events.map((p) => ({
      id: p.id,
      env: p.integration.environmentId,
      webhook: p.webhook.id,
      integration: p.integration.id,
      connection: p.connection?.id ?? null,
      index: p.index,
      type: p.event.type,
      dedupe: p.dedupeKey,
      duplicate: p.duplicateOf,
      provider: p.event.providerEventId ?? null,
      object: p.event.objectId ?? null,
      attribution: p.event.attribution,
      attributed: p.attributionStatus,
      status: p.status,
      note: p.note,
      ...payloadField(p.event.payload ?? null),
      occurred: p.event.occurredAt ?? null,
    })),
  );
}

/**
 * Writes the batch's events, and finds those whose dedupe key this integration has seen
 * before (earlier, or earlier in this batch): the unique index on (integration, dedupe
 * key) decides, so two workers holding the two copies of a retried event cannot both
 * win (the second waits for the first to commit). Those are written as duplicates,
 * pointing at the original; returns them.
 */
async function insertEvents(client: PoolClient, planned: PlannedEvent[]): Promise<Set<PlannedEvent>> {
  const duplicates = new Set<PlannedEvent>();
  if (planned.length === 0) return duplicates;
  const { rows } = await client.query<{ id: string }>(
    // In key order, so that two batches holding the same keys wait for each other rather than deadlock.
    insertEventsSql("ORDER BY integration, dedupe ON CONFLICT (integration_id, dedupe_key) DO NOTHING RETURNING id"),
    [eventsDocument(planned)],
  );
  if (rows.length === planned.length) return duplicates;
  const inserted = new Set(rows.map((r) => r.id));
  for (const p of planned) if (!inserted.has(p.id)) duplicates.add(p);
  const { rows: originals } = await client.query<{ integration_id: string; dedupe_key: string; id: string }>(
    `SELECT e.integration_id, e.dedupe_key, e.id
       FROM unnest($1::uuid[], $2::text[]) AS wanted(integration_id, dedupe_key)
       JOIN events e ON e.integration_id = wanted.integration_id AND e.dedupe_key = wanted.dedupe_key`,
    [[...duplicates].map((p) => p.integration.id), [...duplicates].map((p) => p.dedupeKey)],
  );
  const original = new Map(originals.map((row) => [`${row.integration_id}\u0000${row.dedupe_key}`, row.id]));
  for (const p of duplicates) {
    p.duplicateOf = original.get(`${p.integration.id}\u0000${p.dedupeKey}`) ?? null;
    p.status = "duplicate";
    p.dedupeKey = null;
    p.note = null;
  }
  await client.query(insertEventsSql(""), [eventsDocument([...duplicates])]);
  return duplicates;
}

export interface DrainResult {
  webhooks: number;
  events: number;
  deliveries: number;
}

interface BatchResult extends DrainResult {
  /** When the earliest forward left to retry is due. */
  earliestRetry: Date | null;
}

/**
 * Processes one batch, the oldest pending webhooks (or just `onlyId`, when it is still
 * pending and free); returns what it did (zero webhooks means the backlog is empty).
 */
async function processWebhookBatch(batchSize = BATCH_SIZE, onlyId?: string): Promise<BatchResult> {
  // Not waiting for the commit's WAL flush is safe here: the webhook itself was stored
  // durably on receipt, and if Postgres crashes before this transaction reaches disk the
  // webhook is simply pending again, processed anew with the same derived ids (a repeated
  // forward keeps its webhook-id). It takes the flush's latency out of every batch.
  return inTransaction(
    async (client) => {
      const { rows: webhooks } = await client.query<StoredWebhook>(
        `SELECT id, environment_id, integration_id, method, path, query, headers, body, received_at
         FROM webhooks WHERE status = 'pending' ${onlyId ? "AND id = $2" : ""} ORDER BY received_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        onlyId ? [batchSize, onlyId] : [batchSize],
      );
      if (webhooks.length === 0) {
        return { webhooks: 0, events: 0, deliveries: 0, earliestRetry: null };
      }
      const integrations = await loadIntegrations(client, [...new Set(webhooks.map((w) => w.integration_id))]);
      const planned: PlannedEvent[] = [];
      const outcomes: Array<{ id: string; status: "processed" | "failed"; error: string | null; eventCount: number }> = [];
      const publicUrl = getEnv().publicUrl ?? "http://localhost";

      for (const webhook of webhooks) {
        const integration = integrations.get(webhook.integration_id);
        if (!integration || !isProviderId(integration.provider)) {
          outcomes.push({ id: webhook.id, status: "failed", error: INTEGRATION_DELETED, eventCount: 0 });
          continue;
        }
        const provider = getProvider(integration.provider);
        let events: WebhookEvent[];
        try {
          events = provider.webhooks.split(
            {
              method: webhook.method,
              url: publicUrl + webhook.path + (webhook.query ? `?${webhook.query}` : ""),
              headers: webhook.headers,
              query: new URLSearchParams(webhook.query),
              rawBody: webhook.body,
            },
            { secret: integration.secret, settings: integration.settings, now: webhook.received_at },
          );
        } catch (error) {
          const message = error instanceof WebhookParseError ? error.message : `Could not read the webhook: ${(error as Error).message}`;
          // A parse error can quote the body.
          outcomes.push({ id: webhook.id, status: "failed", error: storableText(message), eventCount: 0 });
          continue;
        }
        outcomes.push({ id: webhook.id, status: "processed", error: null, eventCount: events.length });
        events.map(storableEvent).forEach((event, index) => {
          planned.push({
            // Derived from the webhook: processing it again after a crash gives the same ids.
            id: derivedUuidv7(webhook.id, "event", index),
            webhook,
            integration,
            index,
            event,
            attributionStatus: "unattributed",
            connection: null,
            dedupeKey: event.idempotencyKey,
            duplicateOf: null,
            status: "pending",
            note: null,
          });
        });
      }

      await attribute(client, planned);
      // Integrations with an active pipeline route through it instead of the default forward.
      const pipelines = await loadActivePipelines(client, [...integrations.keys()]);
      const runs = new Map<PlannedEvent, PlannedRun>();
      const forwardTo = new Map<PlannedEvent, string>();
      for (const p of planned) {
        const envId = p.integration.environmentId;
        const pipeline = pipelines.get(p.integration.id);
        if (pipeline && (p.connection !== null || p.integration.unattributedPolicy === "forward")) {
          const routed = routeToPipeline(pipeline, {
            id: p.id,
            type: p.event.type,
            environmentId: envId,
            webhookId: p.webhook.id,
            connectionId: p.connection?.id ?? null,
            settings: p.integration.settings,
          });
          p.note = routed.message;
          if (routed.run) runs.set(p, routed.run);
          else p.status = "dropped";
          continue;
        }
        const decision = decideForward({
          hasConnection: p.connection !== null,
          unattributedPolicy: p.integration.unattributedPolicy,
          forwardUrl: p.integration.forwardUrl,
        });
        if (!decision.forward) {
          p.note = decision.reason;
          p.status = "dropped";
          continue;
        }
        forwardTo.set(p, decision.url);
        // Written as forwarded, which it nearly always is by the commit; corrected below if not.
        p.status = "forwarded";
      }
      const duplicates = await insertEvents(client, planned);

      // Each event's standard forward, from the event in hand (the sweep builds the same body in SQL).
      const deliveries: LeasedDelivery[] = [];
      for (const [p, url] of forwardTo) {
        if (duplicates.has(p)) continue;
        deliveries.push({
          id: derivedUuidv7(p.id, "forward", 0),
          environment_id: p.integration.environmentId,
          webhook_id: p.webhook.id,
          event_id: p.id,
          connection_id: p.connection?.id ?? null,
          url,
          attempt_count: 0,
          max_attempts: DEFAULT_MAX_ATTEMPTS,
          body: JSON.stringify(
            forwardBody({
              provider: p.integration.provider,
              integrationKey: p.integration.key,
              connectionId: p.connection?.connectionId ?? null,
              eventType: p.event.type,
              providerEventId: p.event.providerEventId ?? null,
              receivedAt: p.webhook.received_at,
              payload: p.event.payload ?? null,
            }),
          ),
        });
      }
      // The forwards are sent now, inside this transaction and after the events are written
      // (so that a payload Postgres refuses fails the batch before anything is sent): each
      // delivery is then written once, with its outcome. If the worker dies before the
      // commit, the webhook is processed again and the forward repeated with the same
      // (derived) `webhook-id`, which receivers drop; a delivery left to retry is picked up
      // by the deliveries drain.
      const { attempted, earliestRetry } = await attemptDeliveries(deliveries);
      const notForwarded: Array<{ id: string; status: "pending" | "failed" }> = [];
      for (const a of attempted) {
        const status = eventStatusAfter(a);
        if (status !== "forwarded") notForwarded.push({ id: a.delivery.event_id!, status: status ?? "pending" });
      }
      if (notForwarded.length > 0) await setEventStatuses(client, notForwarded);
      await insertPipelineRuns(
        client,
        [...runs].filter(([p]) => !duplicates.has(p)).map(([, run]) => run),
      );
      // The batch's outcome in one statement: each delivery with its first attempt, and each
      // webhook's status.
      await client.query(
        `WITH d AS (
           INSERT INTO deliveries (id, environment_id, webhook_id, event_id, connection_id, idempotency_key, url, status, attempt_count,
                                   max_attempts, next_attempt_at, last_status_code, last_error, updated_at)
           SELECT id, env, webhook, event, connection, key, url, status, 1, max, next, code, error, now()
             FROM json_to_recordset($1::json) AS d(id uuid, env uuid, webhook uuid, event uuid, connection uuid, key text, url text,
                  status "DeliveryStatus", max int, next timestamptz, code int, error text)
         ), a AS (
           INSERT INTO delivery_attempts (id, environment_id, delivery_id, number, started_at, duration_ms, status_code, error, response_excerpt)
           SELECT attempt, env, id, 1, started, ms, code, failure, excerpt
             FROM json_to_recordset($1::json) AS a(attempt uuid, env uuid, id uuid, started timestamptz, ms int, code int, failure text, excerpt text)
         )
         UPDATE webhooks w SET status = o.status::"WebhookStatus", error = o.error, event_count = o.events, processed_at = now(),
                attempts = w.attempts + 1
           FROM json_to_recordset($2::json) AS o(id uuid, status text, error text, events int)
          WHERE w.id = o.id`,
        [
          JSON.stringify(
            attempted.map((a) => ({
              id: a.delivery.id,
              env: a.delivery.environment_id,
              webhook: a.delivery.webhook_id,
              event: a.delivery.event_id,
              connection: a.delivery.connection_id,
              key: defaultForwardKey(a.delivery.event_id!),
              url: a.delivery.url,
              status: a.status,
              max: a.delivery.max_attempts,
              next: a.nextAt,
              code: a.outcome.statusCode,
              error: a.error,
              attempt: uuidv7(a.startedAt.getTime()),
              started: a.startedAt,
              ms: a.outcome.durationMs,
              failure: a.outcome.error,
              excerpt: a.outcome.responseExcerpt,
            })),
          ),
          JSON.stringify(outcomes.map((o) => ({ id: o.id, status: o.status, error: o.error, events: o.eventCount }))),
        ],
      );
      return { webhooks: webhooks.length, events: planned.length, deliveries: deliveries.length, earliestRetry };
    },
    { asyncCommit: true },
  );
}

function earlier(a: Date | null, b: Date | null): Date | null {
  return a && b ? (a < b ? a : b) : (a ?? b);
}

/**
 * A batch that fails as a whole (say, JSON nested too deep to write out) is retried one
 * webhook at a time, so that one bad webhook is marked failed instead of blocking the rest.
 * Each is named before it is tried, so that the one marked failed is the one that failed,
 * even when another loop takes a webhook meanwhile.
 */
async function processOrIsolate(): Promise<BatchResult> {
  try {
    return await processWebhookBatch();
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    const total: BatchResult = { webhooks: 0, events: 0, deliveries: 0, earliestRetry: null };
    for (let i = 0; i < BATCH_SIZE; i++) {
      const { rows } = await pool().query<{ id: string }>(
        `SELECT id FROM webhooks WHERE status = 'pending' ORDER BY received_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      const next = rows[0]?.id;
      if (!next) break;
      let result: BatchResult;
      try {
        result = await processWebhookBatch(1, next);
      } catch (single) {
        if (isDatabaseUnavailable(single)) throw single;
        await markFailed(next, single as Error);
        result = { webhooks: 1, events: 0, deliveries: 0, earliestRetry: null };
      }
      total.webhooks += result.webhooks;
      total.events += result.events;
      total.deliveries += result.deliveries;
      total.earliestRetry = earlier(total.earliestRetry, result.earliestRetry);
    }
    return total;
  }
}

/** Marks one webhook failed, unless another worker has processed it meanwhile. */
async function markFailed(id: string, error: Error): Promise<void> {
  await pool().query(
    `UPDATE webhooks SET status = 'failed', error = $2, processed_at = now(), attempts = attempts + 1 WHERE id = $1 AND status = 'pending'`,
    [id, storableText(processingFailure(error)).slice(0, 1000)],
  );
}

/** Why processing failed, in words; a stack overflow comes from JSON nested too deep to handle. */
function processingFailure(error: Error): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return `The webhook's JSON is nested too deeply to process (${error.message})`;
  }
  return error.message;
}

/**
 * Drains the backlog until it is empty (or the time budget is spent, when a fresh job
 * continues). Each batch's forwards are sent before it commits. Several loops run
 * side by side: SKIP LOCKED gives each its own batch, so one batch's queries overlap with
 * another's sending.
 */
export async function drainWebhooks(budgetMs = 60_000, parallel = 3): Promise<DrainResult> {
  const { total, outOfTime } = await drainInParallel({
    batch: async () => {
      const { earliestRetry, ...counts } = await processOrIsolate();
      // Enqueued after the commit: a job key updated inside every batch's transaction
      // would make concurrent batches wait for each other.
      if (earliestRetry) await scheduleRetry(earliestRetry);
      return counts;
    },
    isEmpty: (r) => r.webhooks === 0,
    zero: () => ({ webhooks: 0, events: 0, deliveries: 0 }),
    budgetMs,
    parallel,
  });
  if (outOfTime) await enqueue(pool(), "webhooks.drain", {}, { jobKey: "webhooks.drain" });
  return total;
}
