import { pool } from "../lib/db";
import { storableJson, storableText } from "../lib/storable-text";
import { uuidv7 } from "../lib/ids";
import { redactHeaders } from "../logs/redact";
import type { CachedIntegration } from "./integration-cache";

// Rejected webhooks (bad signature, too large, malformed) are logged without being
// stored or processed. A flood of them must not become a flood of log writes, so each
// integration logs at most a few per window and counts the rest.

const WINDOW_MS = 60_000;
const PER_WINDOW = 10;
const BODY_EXCERPT = 2_000;

const windows = new Map<string, { startedAt: number; logged: number; suppressed: number }>();

export interface Rejection {
  status: number;
  reason: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export async function logRejectedWebhook(integration: CachedIntegration, rejection: Rejection): Promise<void> {
  const now = Date.now();
  let window = windows.get(integration.integrationId);
  if (!window || now - window.startedAt > WINDOW_MS) {
    window = { startedAt: now, logged: 0, suppressed: window?.suppressed ?? 0 };
    windows.set(integration.integrationId, window);
  }
  if (window.logged >= PER_WINDOW) {
    window.suppressed++;
    return;
  }
  window.logged++;
  const suppressed = window.suppressed;
  window.suppressed = 0;
  const id = uuidv7(now);
  const data = {
    status: rejection.status,
    method: rejection.method,
    path: rejection.path,
    headers: redactHeaders(rejection.headers),
    body: rejection.body ? rejection.body.subarray(0, BODY_EXCERPT).toString("utf8") : undefined,
    suppressedSinceLast: suppressed || undefined,
  };
  try {
    await pool().query(
      `WITH op AS (
         INSERT INTO log_operations (id, environment_id, type, title, status, integration_id, started_at, ended_at)
         VALUES ($1, $2, 'webhook', $3, 'failed', $4, now(), now())
       )
       INSERT INTO log_messages (id, environment_id, operation_id, level, message, data)
       VALUES ($5, $2, $1, 'warn', $6, $7)`,
      [
        id,
        integration.environmentId,
        `Webhook rejected (${rejection.status})`,
        integration.integrationId,
        uuidv7(now),
        storableText(rejection.reason),
        // The body is whatever was sent: bytes Postgres cannot hold are logged as U+FFFD.
        storableJson(JSON.stringify(data)),
      ],
    );
  } catch (error) {
    // The rejection itself is answered regardless; losing its log line is acceptable.
    console.error("could not log a rejected webhook:", (error as Error).message);
  }
}
