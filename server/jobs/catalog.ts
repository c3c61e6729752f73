import { z } from "zod";

// The job catalog: every job's name, its payload schema (checked when the job runs,
// since queued payloads outlive code versions) and retry policy. Payloads carry ids,
// never bodies. Most jobs here are wake-ups: the rows they work on are the queue.

export const jobCatalog = {
  /** Split, attribute, dedupe and route stored webhooks (claimed in batches). */
  "webhooks.drain": { payload: z.object({}).passthrough(), maxAttempts: 25 },
  /** Send due deliveries (claimed in batches with a lease). */
  "deliveries.drain": { payload: z.object({}).passthrough(), maxAttempts: 25 },
  /** Run a stored webhook's events through the current pipeline again. */
  "webhook.replay": {
    payload: z.object({ webhookId: z.string().uuid(), environmentId: z.string().uuid(), replayId: z.string().uuid() }),
    maxAttempts: 5,
  },
  "sessions.cleanup": { payload: z.object({}).passthrough(), maxAttempts: 3 },
  /** Refresh OAuth access tokens that expire within the margin (periodic). */
  "connections.refresh": { payload: z.object({}).passthrough(), maxAttempts: 3 },
  /** Run (or resume) one pipeline run; finished nodes are skipped on a retry. */
  "pipeline.run": { payload: z.object({ runId: z.string().uuid() }), maxAttempts: 12 },
  /** A Debounce key went quiet (or hit its maximum wait): pass its events on. */
  "pipeline.debounce": {
    payload: z.object({ integrationId: z.string().uuid(), nodeId: z.string(), key: z.string() }),
    maxAttempts: 12,
  },
  /** Queue again the pipeline runs whose worker died (no heartbeat). */
  "pipelines.recover": { payload: z.object({}).passthrough(), maxAttempts: 3 },
} as const;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]["payload"]>;

export function parseJobPayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  return jobCatalog[name].payload.parse(payload ?? {}) as JobPayload<N>;
}

export interface EnqueueOptions {
  jobKey?: string;
  runAt?: Date;
  /** Jobs of one queue run one at a time, in order. */
  queueName?: string | null;
}

/** Anything that can run SQL: a pool, a pool client inside a transaction. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/** Enqueues a job; call it inside the transaction that wrote the rows the job refers to. */
export async function enqueue<N extends JobName>(
  client: Queryable,
  name: N,
  payload: JobPayload<N>,
  options: EnqueueOptions = {},
): Promise<void> {
  await client.query(
    `SELECT graphile_worker.add_job($1::text, $2::json, max_attempts := $3::int, job_key := $4::text, run_at := $5::timestamptz, queue_name := $6::text)`,
    [name, JSON.stringify(payload), jobCatalog[name].maxAttempts, options.jobKey ?? null, options.runAt ?? null, options.queueName ?? null],
  );
}
