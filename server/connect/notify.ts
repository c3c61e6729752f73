import type { Queryable } from "../jobs/catalog";
import { uuidv7 } from "../lib/ids";
import { wakeDeliveriesDrain } from "../webhooks/drain-wakeup";

// Tells the customer's backend about connection changes with a delivery of type "auth",
// sent, signed and retried by the same machinery as webhook forwards. Written in the
// caller's transaction, so the notice exists exactly when the change does.

export interface AuthNotice {
  type: "auth";
  operation: "creation" | "refresh" | "deletion";
  success: boolean;
  connectionId: string | null;
  endUser: unknown;
  integrationKey: string;
  provider: string;
  error?: string;
}

export async function queueAuthNotice(
  client: Queryable,
  input: {
    environmentId: string;
    forwardUrl: string | null;
    /** The connection row's id, when there is one. */
    connectionRowId: string | null;
    /** Unique per notice, so a retried transaction does not notify twice. */
    idempotencyKey: string;
    notice: Omit<AuthNotice, "type">;
  },
): Promise<string | null> {
  if (!input.forwardUrl) return null;
  const id = uuidv7();
  const payload: AuthNotice = { type: "auth", ...input.notice };
  await client.query(
    `INSERT INTO deliveries (id, environment_id, connection_id, idempotency_key, url, payload, next_attempt_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, now(), now())
     ON CONFLICT (environment_id, idempotency_key) DO NOTHING`,
    [id, input.environmentId, input.connectionRowId, input.idempotencyKey, input.forwardUrl, JSON.stringify(payload)],
  );
  await wakeDeliveriesDrain(client);
  return id;
}
