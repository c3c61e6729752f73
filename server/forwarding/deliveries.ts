import { Webhook as StandardWebhook } from "standardwebhooks";
import type { PoolClient } from "pg";
import { inTransaction, pool } from "../lib/db";
import { decrypt } from "../lib/crypto";
import { getEnv } from "../lib/env";
import { uuidv7 } from "../lib/ids";
import { enqueue } from "../jobs/catalog";
import { drainInParallel } from "../jobs/drain";
import { LogBatch } from "../logs/log-batch";
import { sendPost, type SendResult } from "./http-sender";
import { nextStep } from "./retry-policy";
import { describeAttempt, forwardStatus, latestAttemptEnd } from "./attempt-log";

// Sends deliveries. An event's first forward is sent by the webhook drain inside the
// transaction that creates it (`attemptDeliveries`, see process-webhooks.ts). Retries and
// every other delivery are claimed here in batches with a lease (next_attempt_at pushed
// past the request timeout). Sends run concurrently with a per-destination limit, and a
// batch's outcomes are written in one transaction. A worker that dies mid-send leaves the
// lease to expire and the delivery is sent again with the same `webhook-id` (the delivery
// id), so receivers can drop the repeat.

const BATCH_SIZE = 200;
/** Added to the environment's request timeout to give a lease's length. */
const LEASE_SLACK_MS = 10_000;

export interface LeasedDelivery {
  id: string;
  environment_id: string;
  event_id: string | null;
  webhook_id: string | null;
  connection_id: string | null;
  url: string;
  /** The exact bytes to send: the stored payload, or the event's standard forward body built in SQL. */
  body: string;
  attempt_count: number;
  max_attempts: number;
}

interface EnvironmentSettings {
  signer: StandardWebhook;
  timeoutMs: number;
  allowPrivate: boolean;
}

const signers = new Map<string, StandardWebhook>();

function signerFor(secret: string): StandardWebhook {
  let signer = signers.get(secret);
  if (!signer) {
    signer = new StandardWebhook(secret);
    signers.set(secret, signer);
  }
  return signer;
}

/** Limits concurrent requests per destination origin. */
class PerOriginLimiter {
  private active = new Map<string, number>();
  private waiting = new Map<string, Array<() => void>>();
  constructor(private readonly limit: number) {}

  async run<T>(origin: string, task: () => Promise<T>): Promise<T> {
    if ((this.active.get(origin) ?? 0) >= this.limit) {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(origin) ?? [];
        queue.push(resolve);
        this.waiting.set(origin, queue);
      });
    } else {
      this.active.set(origin, (this.active.get(origin) ?? 0) + 1);
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.get(origin)?.shift();
      if (next) next();
      else this.active.set(origin, (this.active.get(origin) ?? 1) - 1);
    }
  }
}

let limiter: PerOriginLimiter | null = null;

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

async function loadEnvironments(ids: string[]): Promise<Map<string, EnvironmentSettings>> {
  const { rows } = await pool().query<{
    id: string;
    forward_signing_secret_enc: string;
    forward_timeout_ms: number;
    allow_private_forward_urls: boolean;
  }>(`SELECT id, forward_signing_secret_enc, forward_timeout_ms, allow_private_forward_urls FROM environments WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        signer: signerFor(decrypt(r.forward_signing_secret_enc)),
        timeoutMs: r.forward_timeout_ms,
        allowPrivate: r.allow_private_forward_urls,
      },
    ]),
  );
}

export interface DeliveryBatchResult {
  claimed: number;
  succeeded: number;
  failed: number;
  retrying: number;
}

/**
 * Claims deliveries with a lease, and fetches each body as text: the standard forward body
 * is built by Postgres from the event (so it is not stored twice), and no body is parsed
 * and re-serialised here. `due` selects the ids to claim ($1 is its parameter).
 */
async function claimDeliveries(due: string, param: unknown): Promise<LeasedDelivery[]> {
  const { rows } = await pool().query<LeasedDelivery>(
    `
    WITH due AS (${due}), claimed AS (
      UPDATE deliveries d
         SET next_attempt_at = now() + make_interval(secs => (env.forward_timeout_ms + $2::int) / 1000.0), updated_at = now()
        FROM due, environments env
       WHERE d.id = due.id AND env.id = d.environment_id
   RETURNING d.id, d.environment_id, d.event_id, d.webhook_id, d.connection_id, d.url, d.payload, d.attempt_count, d.max_attempts
    )
    SELECT c.id, c.environment_id, c.event_id, c.webhook_id, c.connection_id, c.url, c.attempt_count, c.max_attempts,
           COALESCE(c.payload::text, json_build_object(
             'type', 'forward',
             'from', i.provider,
             'integrationKey', i.key,
             'connectionId', conn.connection_id,
             'eventType', e.type,
             'eventId', e.provider_event_id,
             'receivedAt', to_char(w.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'payload', e.payload
           )::text) AS body
      FROM claimed c
      LEFT JOIN events e ON e.id = c.event_id
      LEFT JOIN integrations i ON i.id = e.integration_id
      LEFT JOIN connections conn ON conn.id = e.connection_id
      LEFT JOIN webhooks w ON w.id = e.webhook_id`,
    [param, LEASE_SLACK_MS],
  );
  return rows;
}

export async function processDeliveryBatch(batchSize = BATCH_SIZE): Promise<DeliveryBatchResult> {
  return sendClaimed(
    await claimDeliveries(
      `SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      batchSize,
    ),
  );
}

/**
 * Sends these deliveries now, in this order, one after another: an ordered pipeline run
 * sends its forwards itself before the next run of its connection starts, so that they
 * arrive in order. They were written held (due later), so the drain does not take them
 * first; if this worker dies, the drain sends them when they fall due.
 */
export async function sendDeliveriesNow(ids: string[]): Promise<void> {
  for (const id of ids) {
    await sendClaimed(await claimDeliveries(`SELECT id FROM deliveries WHERE id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED`, id));
  }
}

/** One attempt's outcome and the delivery's state after it. */
export interface AttemptedDelivery {
  delivery: LeasedDelivery;
  startedAt: Date;
  outcome: SendResult;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  nextAt: Date | null;
  error: string | null;
}

export interface AttemptBatch {
  attempted: AttemptedDelivery[];
  result: DeliveryBatchResult;
  /** When the earliest delivery left pending is due again. */
  earliestRetry: Date | null;
}

/**
 * Sends deliveries this worker holds (under a lease, or inside the transaction that
 * creates them), concurrently with a per-destination limit, and works out what each
 * outcome means: succeeded, failed for good, or when to try again.
 */
export async function attemptDeliveries(claimed: LeasedDelivery[]): Promise<AttemptBatch> {
  const env = getEnv();
  limiter ??= new PerOriginLimiter(env.forwardConcurrency);
  const result: DeliveryBatchResult = { claimed: claimed.length, succeeded: 0, failed: 0, retrying: 0 };
  if (claimed.length === 0) return { attempted: [], result, earliestRetry: null };
  const environments = await loadEnvironments([...new Set(claimed.map((d) => d.environment_id))]);

  const sent = await Promise.all(
    claimed.map(async (delivery) => {
      const settings = environments.get(delivery.environment_id)!;
      const body = delivery.body;
      const startedAt = new Date();
      const signature = settings.signer.sign(delivery.id, startedAt, body);
      const outcome: SendResult = await limiter!.run(originOf(delivery.url), () =>
        sendPost({
          url: delivery.url,
          body,
          timeoutMs: settings.timeoutMs,
          allowPrivate: settings.allowPrivate,
          headers: {
            "webhook-id": delivery.id,
            "webhook-timestamp": String(Math.floor(startedAt.getTime() / 1000)),
            "webhook-signature": signature,
          },
        }),
      );
      return { delivery, outcome, startedAt };
    }),
  );

  const attempted: AttemptedDelivery[] = [];
  let earliestRetry: Date | null = null;
  for (const { delivery, outcome, startedAt } of sent) {
    const attempt = delivery.attempt_count + 1;
    const step = nextStep(
      {
        attempt,
        maxAttempts: delivery.max_attempts,
        statusCode: outcome.statusCode,
        error: outcome.error,
        retryAfterMs: outcome.retryAfterMs,
      },
      env.forwardRetryBaseMs,
    );
    if (step.outcome === "succeeded") {
      result.succeeded++;
      attempted.push({ delivery, startedAt, outcome, status: "succeeded", attempts: attempt, nextAt: null, error: null });
    } else if (step.outcome === "failed") {
      result.failed++;
      attempted.push({ delivery, startedAt, outcome, status: "failed", attempts: attempt, nextAt: null, error: step.reason });
    } else {
      result.retrying++;
      const nextAt = new Date(Date.now() + step.delayMs);
      if (!earliestRetry || nextAt < earliestRetry) earliestRetry = nextAt;
      const what = outcome.statusCode === null ? (outcome.error ?? "network error") : `HTTP ${outcome.statusCode}`;
      attempted.push({ delivery, startedAt, outcome, status: "pending", attempts: attempt, nextAt, error: what });
    }
  }

  return { attempted, result, earliestRetry };
}

/** Writes one delivery_attempts row per attempt. */
export async function insertAttempts(client: Pick<PoolClient, "query">, attempted: AttemptedDelivery[]): Promise<void> {
  if (attempted.length === 0) return;
  await client.query(
    `INSERT INTO delivery_attempts (id, environment_id, delivery_id, number, started_at, duration_ms, status_code, error, response_excerpt)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::timestamptz[], $6::int[], $7::int[], $8::text[], $9::text[])
     ON CONFLICT (delivery_id, number) DO NOTHING`,
    [
      attempted.map((a) => uuidv7(a.startedAt.getTime())),
      attempted.map((a) => a.delivery.environment_id),
      attempted.map((a) => a.delivery.id),
      attempted.map((a) => a.attempts),
      attempted.map((a) => a.startedAt),
      attempted.map((a) => a.outcome.durationMs),
      attempted.map((a) => a.outcome.statusCode),
      attempted.map((a) => a.outcome.error),
      attempted.map((a) => a.outcome.responseExcerpt),
    ],
  );
}

/** Sets events' statuses, e.g. after their forwards finished. */
export async function setEventStatuses(
  client: Pick<PoolClient, "query">,
  events: Array<{ id: string; status: "pending" | "forwarded" | "failed" }>,
): Promise<void> {
  await client.query(
    `UPDATE events e SET status = o.status::"EventStatus" FROM unnest($1::uuid[], $2::text[]) AS o(id, status) WHERE e.id = o.id`,
    [events.map((o) => o.id), events.map((o) => o.status)],
  );
}

/** Wakes the deliveries drain when the earliest retry is due. */
export async function scheduleRetry(at: Date): Promise<void> {
  await enqueue(pool(), "deliveries.drain", {}, { jobKey: "deliveries.drain.retry", runAt: at });
}

/** What a finished delivery means for its event: forwarded, failed, or nothing yet. */
export function eventStatusAfter(a: AttemptedDelivery): "forwarded" | "failed" | null {
  return a.status === "succeeded" ? "forwarded" : a.status === "failed" ? "failed" : null;
}

/** Sends claimed deliveries and records every outcome on the existing rows, in one transaction. */
async function sendClaimed(claimed: LeasedDelivery[]): Promise<DeliveryBatchResult> {
  const { attempted, result, earliestRetry } = await attemptDeliveries(claimed);
  if (attempted.length === 0) return result;
  // An event's forwards are told in its webhook's log from their rows (logs/row-operations.ts);
  // a delivery without an event (an auth notice, say) is logged as a forward operation
  // (id = delivery id) with a message per attempt.
  const logs = new LogBatch();
  for (const a of attempted) {
    const { delivery, startedAt, outcome } = a;
    if (delivery.event_id !== null) continue;
    logs.operation({
      id: delivery.id,
      environmentId: delivery.environment_id,
      type: "forward",
      title: `Forward to ${delivery.url}`,
      status: forwardStatus(a.status),
      connectionId: delivery.connection_id,
      webhookId: delivery.webhook_id,
      startedAt,
    });
    const end = latestAttemptEnd(a, new Date(startedAt.getTime() + outcome.durationMs));
    const { level, message, data } = describeAttempt({ number: a.attempts, ...outcome }, end);
    logs.message(delivery.environment_id, delivery.id, level, message, data);
  }
  const eventOutcomes = attempted.flatMap((a) => {
    const status = eventStatusAfter(a);
    return status && a.delivery.event_id ? [{ id: a.delivery.event_id, status }] : [];
  });
  await inTransaction(async (client) => {
    await insertAttempts(client, attempted);
    await client.query(
      `UPDATE deliveries d SET status = u.status::"DeliveryStatus", attempt_count = u.attempts, next_attempt_at = u.next_at,
              last_status_code = u.code, last_error = u.error, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::text[]) AS u(id, status, attempts, next_at, code, error)
        WHERE d.id = u.id`,
      [
        attempted.map((a) => a.delivery.id),
        attempted.map((a) => a.status),
        attempted.map((a) => a.attempts),
        attempted.map((a) => a.nextAt),
        attempted.map((a) => a.outcome.statusCode),
        attempted.map((a) => a.error),
      ],
    );
    if (eventOutcomes.length > 0) await setEventStatuses(client, eventOutcomes);
    await logs.write(client);
  });
  // After the commit: a keyed job updated inside the transaction would make concurrent batches wait for each other.
  if (earliestRetry) await scheduleRetry(earliestRetry);
  return result;
}

/** Sends due deliveries until none are due (or the budget is spent, when a fresh job continues), in parallel loops. */
export async function drainDeliveries(budgetMs = 60_000, parallel = 3): Promise<DeliveryBatchResult> {
  const { total, outOfTime } = await drainInParallel({
    batch: () => processDeliveryBatch(),
    isEmpty: (r) => r.claimed === 0,
    zero: () => ({ claimed: 0, succeeded: 0, failed: 0, retrying: 0 }),
    budgetMs,
    parallel,
  });
  if (outOfTime) {
    await enqueue(pool(), "deliveries.drain", {}, { jobKey: "deliveries.drain" });
  } else {
    await scheduleNextDue();
  }
  return total;
}

/**
 * Nothing is due now; wake up when the next pending delivery is. That covers retries and
 * also leases left behind by a worker that died mid-send, which would otherwise wait for
 * the minutely sweep.
 */
async function scheduleNextDue(): Promise<void> {
  const { rows } = await pool().query<{ next: Date | null }>(
    `SELECT min(next_attempt_at) AS next FROM deliveries WHERE status = 'pending' AND next_attempt_at > now()`,
  );
  const next = rows[0]?.next;
  if (next) await scheduleRetry(next);
}
