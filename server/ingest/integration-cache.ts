import pg from "pg";
import { pool } from "../lib/db";
import { getEnv } from "../lib/env";
import { decrypt } from "../lib/crypto";
import { INTEGRATION_CHANGED_CHANNEL } from "../integrations/integration-events";
import { isProviderId, type ProviderId } from "../providers/types";

// The webhook hot path looks integrations up by (environment public id, key) on every
// request, so they are cached in memory. Changes arrive through LISTEN/NOTIFY from any
// process; a TTL bounds staleness should a notification be missed.

export interface CachedIntegration {
  environmentId: string;
  integrationId: string;
  key: string;
  provider: ProviderId;
  clientSecret: string | undefined;
  webhookSecret: string | undefined;
  /** Secrets of webhooks registered per connection (the connect flow's subscribe step), newest first. */
  subscriptionSecrets: string[];
  settings: Record<string, unknown>;
}

const FOUND_TTL_MS = 60_000;
// Unknown URLs are remembered briefly too, so a flood at a wrong URL does not hit the database.
const MISSING_TTL_MS = 5_000;

interface Entry {
  value: CachedIntegration | null;
  expiresAt: number;
}

const entries = new Map<string, Entry>();
const inflight = new Map<string, Promise<CachedIntegration | null>>();
let listener: pg.Client | null = null;
let listening: Promise<void> | null = null;

function cacheKey(publicId: string, key: string): string {
  return `${publicId}/${key}`;
}

function invalidate(environmentId: string, key: string): void {
  for (const [k, entry] of entries) {
    if (entry.value === null || (entry.value.environmentId === environmentId && entry.value.key === key)) entries.delete(k);
  }
}

async function listen(): Promise<void> {
  const client = new pg.Client({ connectionString: getEnv().databaseUrl });
  client.on("notification", (message) => {
    if (message.channel !== INTEGRATION_CHANGED_CHANNEL || !message.payload) return;
    try {
      const { environmentId, key } = JSON.parse(message.payload) as { environmentId: string; key: string };
      invalidate(environmentId, key);
    } catch {
      entries.clear();
    }
  });
  client.on("error", () => {
    // Lost the channel: forget everything (we may have missed changes) and listen again on next use.
    entries.clear();
    listener = null;
    listening = null;
    client.end().catch(() => {});
  });
  await client.connect();
  await client.query(`LISTEN ${INTEGRATION_CHANGED_CHANNEL}`);
  listener = client;
}

function ensureListening(): void {
  if (listener || listening) return;
  listening = listen().catch(() => {
    listening = null;
  });
}

async function load(publicId: string, key: string): Promise<CachedIntegration | null> {
  const { rows } = await pool().query<{
    id: string;
    environment_id: string;
    provider: string;
    client_secret_enc: string | null;
    webhook_secret_enc: string | null;
    settings: Record<string, unknown> | null;
  }>(
    `SELECT i.id, i.environment_id, i.provider, i.client_secret_enc, i.webhook_secret_enc, i.settings
       FROM integrations i JOIN environments e ON e.id = i.environment_id
      WHERE e.public_id = $1 AND i.key = $2`,
    [publicId, key],
  );
  const row = rows[0];
  if (!row || !isProviderId(row.provider)) return null;
  const subscriptions = await pool().query<{ secret_enc: string }>(
    `SELECT secret_enc FROM connection_subscriptions WHERE integration_id = $1 AND secret_enc IS NOT NULL ORDER BY created_at DESC LIMIT 500`,
    [row.id],
  );
  return {
    environmentId: row.environment_id,
    integrationId: row.id,
    key,
    provider: row.provider,
    clientSecret: row.client_secret_enc ? decrypt(row.client_secret_enc) : undefined,
    webhookSecret: row.webhook_secret_enc ? decrypt(row.webhook_secret_enc) : undefined,
    subscriptionSecrets: subscriptions.rows.map((s) => decrypt(s.secret_enc)),
    settings: row.settings ?? {},
  };
}

export async function findIntegration(publicId: string, key: string): Promise<CachedIntegration | null> {
  ensureListening();
  const k = cacheKey(publicId, key);
  const now = Date.now();
  const hit = entries.get(k);
  if (hit && hit.expiresAt > now) return hit.value;
  // One database lookup per key at a time, however many requests wait for it.
  let pending = inflight.get(k);
  if (!pending) {
    pending = load(publicId, key).finally(() => inflight.delete(k));
    inflight.set(k, pending);
    const value = await pending;
    entries.set(k, { value, expiresAt: Date.now() + (value ? FOUND_TTL_MS : MISSING_TTL_MS) });
    return value;
  }
  return pending;
}

export async function stopIntegrationCache(): Promise<void> {
  entries.clear();
  const client = listener;
  listener = null;
  listening = null;
  await client?.end().catch(() => {});
}
