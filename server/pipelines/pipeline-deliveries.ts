import type { Queryable } from "../jobs/catalog";
import { uuidv7 } from "../lib/ids";
import { wakeDeliveriesDrain } from "../webhooks/drain-wakeup";

// Forwards from pipelines become `deliveries` rows, sent by the forwarding drain like
// any other. The idempotency key names the run and node, so a re-run finds the row
// it already made instead of sending twice.

export interface PipelineDelivery {
  environmentId: string;
  webhookId: string | null;
  eventId: string | null;
  connectionId: string | null;
  idempotencyKey: string;
  url: string;
  body: unknown;
}

export async function insertPipelineDelivery(client: Queryable, delivery: PipelineDelivery): Promise<void> {
  await client.query(
    `INSERT INTO deliveries (id, environment_id, webhook_id, event_id, connection_id, idempotency_key, url, payload, next_attempt_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now())
     ON CONFLICT (environment_id, idempotency_key) DO NOTHING`,
    [
      uuidv7(),
      delivery.environmentId,
      delivery.webhookId,
      delivery.eventId,
      delivery.connectionId,
      delivery.idempotencyKey,
      delivery.url,
      JSON.stringify(delivery.body),
    ],
  );
  await wakeDeliveriesDrain(client);
}
