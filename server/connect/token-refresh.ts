import { inTransaction, pool } from "../lib/db";
import { decrypt, decryptJson, encryptJson } from "../lib/crypto";
import { notFound } from "../lib/errors";
import { LogBatch } from "../logs/log-batch";
import { resolveAuth } from "./auth-settings";
import { credentialsFromTokenResponse, readCredentials, type StoredCredentials } from "./credentials";
import { queueAuthNotice } from "./notify";
import { requestToken, TokenEndpointError } from "./oauth-client";

// Access tokens are refreshed a margin before they expire, on demand (the proxy) and by a
// periodic job. A per-connection advisory lock (transaction-scoped, so a crash releases it)
// is held for the whole refresh, so two processes never spend the same refresh token: the
// second one waits, then sees the fresh token and stops. It is not a row lock: reads and
// writes of the connection (metadata edits, webhooks being attributed, the dashboard) go
// on while the provider's token endpoint takes its time; the row itself is written only
// in the short UPDATE at the end. A refused refresh marks the connection needs_reauth (an
// outage: refresh_failed), notifies the app once, and is not retried by the job.

export const REFRESH_MARGIN_MS = 5 * 60_000;

interface LockedConnection {
  id: string;
  environment_id: string;
  integration_id: string;
  connection_id: string;
  end_user: unknown;
  credentials_enc: string | null;
  token_expires_at: Date | null;
  status: "ok" | "refresh_failed" | "needs_reauth";
  key: string;
  provider: string;
  settings: unknown;
  scopes: string[];
  client_id: string | null;
  client_secret_enc: string | null;
  forward_url: string | null;
  allow_private_forward_urls: boolean;
}

export function needsRefresh(credentials: StoredCredentials, now = Date.now(), marginMs = REFRESH_MARGIN_MS): boolean {
  if (!credentials.refreshToken || !credentials.expiresAt) return false;
  return new Date(credentials.expiresAt).getTime() - now <= marginMs;
}

export type RefreshOutcome =
  | { status: "refreshed"; credentials: StoredCredentials }
  | { status: "fresh"; credentials: StoredCredentials }
  | { status: "failed"; connectionStatus: "needs_reauth" | "refresh_failed"; error: string };

/**
 * Refreshes one connection's token if it is within the margin of expiry (or always, with force).
 * `parentOperationId` hangs the log entry under a caller's operation (a proxy call).
 */
export async function refreshConnectionToken(
  connectionRowId: string,
  options: { force?: boolean; marginMs?: number; parentOperationId?: string } = {},
): Promise<RefreshOutcome> {
  const logs = new LogBatch();
  const outcome = await inTransaction(async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('connection-refresh:' || $1, 0))`, [connectionRowId]);
    const { rows } = await client.query<LockedConnection>(
      `SELECT c.id, c.environment_id, c.integration_id, c.connection_id, c.end_user, c.credentials_enc, c.token_expires_at, c.status,
              i.key, i.provider, i.settings, i.scopes, i.client_id, i.client_secret_enc, e.forward_url, e.allow_private_forward_urls
         FROM connections c
         JOIN integrations i ON i.id = c.integration_id
         JOIN environments e ON e.id = c.environment_id
        WHERE c.id = $1`,
      [connectionRowId],
    );
    const row = rows[0];
    if (!row) throw notFound("Connection");
    const credentials = readCredentials(row.credentials_enc ? decryptJson(row.credentials_enc) : {});
    // Checked again under the lock: whoever held it before may have refreshed already. The column is
    // what the sweep selects on, so it wins over the copy inside the credentials.
    const expiresAt = row.token_expires_at?.toISOString() ?? credentials.expiresAt;
    if (!options.force && !needsRefresh({ ...credentials, expiresAt }, Date.now(), options.marginMs)) {
      return { status: "fresh", credentials } as const;
    }

    const opId = logs.operation({
      environmentId: row.environment_id,
      parentId: options.parentOperationId ?? null,
      type: "auth",
      title: `Token refresh for ${row.connection_id}`,
      status: "running",
      integrationId: row.integration_id,
      connectionId: row.id,
    });
    try {
      if (!credentials.refreshToken) throw new TokenEndpointError("the connection has no refresh token", "no_refresh_token", true);
      const auth = resolveAuth({ provider: row.provider, settings: row.settings as never, scopes: row.scopes });
      if (auth.mode !== "oauth2") throw new TokenEndpointError("the integration does not use OAuth 2", "not_oauth2", true);
      const body = await requestToken(
        interpolateTokenUrl(auth.tokenUrl, credentials),
        {
          grant_type: "refresh_token",
          refresh_token: credentials.refreshToken,
        },
        {
          allowPrivate: row.allow_private_forward_urls,
          client: {
            clientId: row.client_id,
            clientSecret: row.client_secret_enc ? decrypt(row.client_secret_enc) : null,
            method: auth.tokenAuthMethod,
          },
        },
      );
      const next = credentialsFromTokenResponse(body, credentials);
      await client.query(
        `UPDATE connections SET credentials_enc = $2, token_expires_at = $3, status = 'ok', updated_at = now() WHERE id = $1`,
        [row.id, encryptJson(next), next.expiresAt ?? null],
      );
      logs.message(row.environment_id, opId, "info", "Access token refreshed", { expiresAt: next.expiresAt ?? null });
      logs.operation({ id: opId, ...baseOp(row, options.parentOperationId), status: "success" });
      return { status: "refreshed", credentials: next } as const;
    } catch (error) {
      const permanent = !(error instanceof TokenEndpointError) || error.permanent;
      const connectionStatus = permanent ? "needs_reauth" : "refresh_failed";
      const message = error instanceof Error ? error.message : String(error);
      await client.query(`UPDATE connections SET status = $2::"ConnectionStatus", updated_at = now() WHERE id = $1`, [
        row.id,
        connectionStatus,
      ]);
      await queueAuthNotice(client, {
        environmentId: row.environment_id,
        forwardUrl: row.forward_url,
        connectionRowId: row.id,
        idempotencyKey: `auth:${row.id}:refresh:${opId}`,
        notice: {
          operation: "refresh",
          success: false,
          connectionId: row.connection_id,
          endUser: row.end_user ?? null,
          integrationKey: row.key,
          provider: row.provider,
          error: message,
        },
      });
      logs.message(row.environment_id, opId, "error", `Refresh failed: ${message}; connection marked ${connectionStatus}`);
      logs.operation({ id: opId, ...baseOp(row, options.parentOperationId), status: "failed" });
      return { status: "failed", connectionStatus, error: message } as const;
    }
  });
  if (logs.size > 0) await logs.write(pool());
  return outcome;
}

function baseOp(row: LockedConnection, parentId: string | undefined) {
  return {
    environmentId: row.environment_id,
    parentId: parentId ?? null,
    type: "auth",
    title: `Token refresh for ${row.connection_id}`,
    integrationId: row.integration_id,
    connectionId: row.id,
  };
}

function interpolateTokenUrl(url: string, credentials: StoredCredentials): string {
  return url.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const value = credentials.connectionConfig?.[name];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}

/** For the periodic job: connections whose tokens expire within the margin and that have not failed. */
export async function refreshExpiringTokens(marginMs = REFRESH_MARGIN_MS, limit = 100): Promise<{ refreshed: number; failed: number }> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id FROM connections
      WHERE status = 'ok' AND token_expires_at IS NOT NULL AND token_expires_at <= now() + ($1::int * interval '1 millisecond')
      ORDER BY token_expires_at LIMIT $2`,
    [marginMs, limit],
  );
  let refreshed = 0;
  let failed = 0;
  for (const { id } of rows) {
    const outcome = await refreshConnectionToken(id, { marginMs }).catch(() => null);
    if (outcome?.status === "refreshed") refreshed++;
    else if (outcome?.status === "failed") failed++;
  }
  return { refreshed, failed };
}
