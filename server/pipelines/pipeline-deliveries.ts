import type { PoolClient } from "pg";
import { uuidv7 } from "../lib/ids";
import { wakeDeliveriesDrain } from "../webhooks/drain-wakeup";

// Forwards from pipelines become `deliveries` rows, sent by the forwarding drain like
// any other (an ordered run's are sent by the run itself, in order). The idempotency key
// names the run and node, so a re-run finds the row it already made instead of sending twice.

/** How long a held delivery waits before the drain may send it. */
const HELD_MS = 60_000;

export interface PipelineDelivery {
  environmentId: string;
  webhookId: string | null;
  eventId: string | null;
  connectionId: string | null;
  idempotencyKey: string;
  url: string;
  body: unknown;
}

/**
 * Writes the delivery and wakes the drain; returns its id, or null if a re-run finds it
 * already made. A `held` delivery (an ordered run's, which sends it itself) falls due only
 * after HELD_MS, and the drain is not woken for it.
 */
export async function insertPipelineDelivery(
  client: Pick<PoolClient, "query">,
  delivery: PipelineDelivery,
  options: { held?: boolean } = {},
): Promise<string | null> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO deliveries (id, environment_id, webhook_id, event_id, connection_id, idempotency_key, url, payload, next_attempt_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9::int / 1000.0), now())
     ON CONFLICT (environment_id, idempotency_key) DO NOTHING RETURNING id`,
    [
      uuidv7(),
      delivery.environmentId,
      delivery.webhookId,
      delivery.eventId,
      delivery.connectionId,
      delivery.idempotencyKey,
      delivery.url,
      JSON.stringify(delivery.body),
      options.held ? HELD_MS : 0,
    ],
  );
  if (!options.held) await wakeDeliveriesDrain(client);
  return rows[0]?.id ?? null;
}
