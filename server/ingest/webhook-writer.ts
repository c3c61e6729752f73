import { pool } from "../lib/db";
import { WEBHOOKS_STORED_CHANNEL } from "../webhooks/drain-wakeup";

// Group commit for the webhook hot path. Each request waits for its own row to be
// durable, but rows that arrive while a write is in flight share the next INSERT. The
// same statement raises a NOTIFY, delivered exactly when the rows commit, which wakes the
// workers (server/webhooks/drain-wakeup.ts). Enqueueing a graphile-worker job here
// instead would make every batch update the same job row, serialising concurrent
// batches on its lock; a worker that was not listening catches up at start and through
// the minutely sweep.

export interface WebhookRow {
  id: string;
  environmentId: string;
  integrationId: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: Buffer;
  receivedAt: Date;
}

interface Waiting {
  row: WebhookRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 500;
const MAX_IN_FLIGHT = 3;

const INSERT_SQL = `
  WITH stored AS (
    INSERT INTO webhooks (id, environment_id, integration_id, method, path, query, headers, body, received_at)
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::bytea[], $9::timestamptz[])
    RETURNING 1
  )
  SELECT pg_notify('${WEBHOOKS_STORED_CHANNEL}', '') FROM (SELECT count(*) FROM stored) AS c`;

let queue: Waiting[] = [];
let inFlight = 0;

async function writeBatch(batch: Waiting[]): Promise<void> {
  const rows = batch.map((w) => w.row);
  // Named, so each connection parses and plans it once.
  await pool().query({
    name: "store-webhooks",
    text: INSERT_SQL,
    values: [
      rows.map((r) => r.id),
      rows.map((r) => r.environmentId),
      rows.map((r) => r.integrationId),
      rows.map((r) => r.method),
      rows.map((r) => r.path),
      rows.map((r) => r.query),
      rows.map((r) => JSON.stringify(r.headers)),
      rows.map((r) => r.body),
      rows.map((r) => r.receivedAt),
    ],
  });
}

function pump(): void {
  while (queue.length > 0 && inFlight < MAX_IN_FLIGHT) {
    const batch = queue.length <= MAX_BATCH ? queue : queue.slice(0, MAX_BATCH);
    queue = queue.length <= MAX_BATCH ? [] : queue.slice(MAX_BATCH);
    inFlight++;
    writeBatch(batch)
      .then(
        () => {
          for (const w of batch) w.resolve();
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        inFlight--;
        pump();
      });
  }
}

/** Resolves once the webhook is committed (and its processing is scheduled). */
export function storeWebhook(row: WebhookRow): Promise<void> {
  return new Promise((resolve, reject) => {
    queue.push({ row, resolve, reject });
    pump();
  });
}
