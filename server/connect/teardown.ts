import { db, pool } from "../lib/db";
import { decrypt, decryptJson } from "../lib/crypto";
import type { Connection, Environment } from "../lib/generated/prisma/client";
import { LogBatch } from "../logs/log-batch";
import { isRefusal, providerFetch } from "../proxy/provider-http";
import { providerOf, resolveApiBaseUrl, resolveAuth } from "./auth-settings";
import { performAsConnection, prismaQueryable } from "./connect.service";
import { readCredentials } from "./credentials";
import { queueAuthNotice } from "./notify";
import { revocationAccepted, revocationCall, type RevocationCall } from "./revocation";

// Deleting a connection: first remove the webhooks it registered at the provider and
// revoke its grant where the provider offers revocation (RFC 7009 or the provider's own
// call, from its definition), both best effort (the end user may already have uninstalled
// the app); then delete the row (the credentials go with it) and queue the app's "auth"
// notice with operation "deletion" in the same transaction. All of it is one log operation.

/** Returns false when the connection was already gone. */
export async function disconnectConnection(environment: Environment, connection: Connection): Promise<boolean> {
  const integration = await db().integration.findUnique({ where: { id: connection.integrationId } });
  if (!integration) return false;
  const subscriptions = await db().connectionSubscription.findMany({ where: { connectionId: connection.id } });
  const auth = resolveAuthSafely(integration);
  const oauth = auth?.mode === "oauth2" ? auth : null;

  const logs = new LogBatch();
  const op = {
    environmentId: environment.id,
    type: "connect",
    title: `Disconnect ${integration.key} ${connection.connectionId}`,
    integrationId: integration.id,
    connectionId: connection.id,
  };
  const opId = logs.operation({ ...op, status: "running" });
  let failed = false;
  const step = providerOf(integration).subscriptions;
  for (const subscription of subscriptions) {
    if (!step) break;
    try {
      await performAsConnection(environment, integration, connection.id, step.unsubscribe({ externalId: subscription.externalId }), opId);
      logs.message(environment.id, opId, "info", `Unsubscribed webhook subscription ${subscription.externalId}`);
    } catch (error) {
      failed = true;
      logs.message(environment.id, opId, "warn", `Unsubscribing ${subscription.externalId} failed: ${(error as Error).message}`);
    }
  }
  if (oauth?.revocation && connection.credentialsEnc) {
    const credentials = readCredentials(decryptJson(connection.credentialsEnc));
    const config = credentials.connectionConfig ?? {};
    let call: RevocationCall | null = null;
    try {
      call = revocationCall({
        revocation: oauth.revocation,
        tokenUrl: oauth.tokenUrl,
        config,
        apiBaseUrl: () => resolveApiBaseUrl(integration, config),
        credentials,
        client: {
          clientId: integration.clientId,
          clientSecret: integration.clientSecretEnc ? decrypt(integration.clientSecretEnc) : null,
          method: oauth.tokenAuthMethod,
        },
      });
    } catch (error) {
      failed = true;
      logs.message(environment.id, opId, "warn", `Token revocation: not attempted (${(error as Error).message})`);
    }
    if (call) {
      let outcome: string;
      let revoked = false;
      try {
        const response = await providerFetch(call.url, {
          method: call.method,
          headers: call.headers,
          body: call.body,
          timeoutMs: 15_000,
          allowPrivate: environment.allowPrivateForwardUrls,
        });
        revoked = revocationAccepted(response.status, response.body);
        outcome = revoked ? "done" : `failed (${response.status})`;
      } catch (error) {
        outcome = `failed (${isRefusal(error) ? error.message : `network error: ${(error as Error).message}`})`;
      }
      if (!revoked) failed = true;
      // The origin only: some providers put the token in the path (HubSpot) or the query (Zoom).
      logs.message(environment.id, opId, revoked ? "info" : "warn", `Token revocation: ${outcome}`, {
        method: call.method,
        origin: new URL(call.url).origin,
      });
    }
  }

  const deleted = await db().$transaction(async (tx) => {
    const { count } = await tx.connection.deleteMany({ where: { id: connection.id } });
    if (count === 0) return false;
    // The row is gone, so the notice's delivery is not tied to it.
    await queueAuthNotice(prismaQueryable(tx), {
      environmentId: environment.id,
      forwardUrl: environment.forwardUrl,
      connectionRowId: null,
      idempotencyKey: `auth:${connection.id}:deletion`,
      notice: {
        operation: "deletion",
        success: true,
        connectionId: connection.connectionId,
        endUser: connection.endUser ?? null,
        integrationKey: integration.key,
        provider: integration.provider,
      },
    });
    return true;
  });
  if (deleted) {
    logs.message(environment.id, opId, "info", `Deleted connection ${connection.connectionId} and its credentials`);
    logs.message(
      environment.id,
      opId,
      environment.forwardUrl ? "info" : "warn",
      environment.forwardUrl ? "Notified the app (auth, deletion)" : "No forward URL is set, so the app was not notified",
    );
  }
  logs.operation({
    ...op,
    id: opId,
    title: deleted ? `Disconnected ${integration.key} ${connection.connectionId}` : op.title,
    status: failed || !deleted ? "failed" : "success",
  });
  await logs.write(pool()).catch(() => {});
  return deleted;
}

function resolveAuthSafely(integration: Parameters<typeof resolveAuth>[0]) {
  try {
    return resolveAuth(integration);
  } catch {
    return null;
  }
}
