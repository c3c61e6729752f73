import { db, pool } from "../lib/db";
import { decrypt, decryptJson } from "../lib/crypto";
import type { Connection, Environment } from "../lib/generated/prisma/client";
import { LogBatch } from "../logs/log-batch";
import { providerOf, resolveAuth } from "./auth-settings";
import { performAsConnection } from "./connect.service";
import { readCredentials } from "./credentials";
import { revokeToken } from "./oauth-client";

// Before a connection is deleted: remove the webhooks it registered at the provider and
// revoke its tokens where the provider offers revocation. Both are best effort (the end
// user may already have uninstalled the app) and logged; the credentials go with the row.

export async function teardownConnection(environment: Environment, connection: Connection): Promise<void> {
  const integration = await db().integration.findUnique({ where: { id: connection.integrationId } });
  if (!integration) return;
  const subscriptions = await db().connectionSubscription.findMany({ where: { connectionId: connection.id } });
  const auth = resolveAuthSafely(integration);
  const oauth = auth?.mode === "oauth2" ? auth : null;
  const revocationUrl = oauth?.revocationUrl;
  if (subscriptions.length === 0 && !(revocationUrl && connection.credentialsEnc)) return;

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
  if (revocationUrl && connection.credentialsEnc) {
    const credentials = readCredentials(decryptJson(connection.credentialsEnc));
    // Revoking the refresh token ends the whole grant at most providers; the access token otherwise.
    const token = credentials.refreshToken ?? credentials.accessToken;
    if (token) {
      const secret = integration.clientSecretEnc ? decrypt(integration.clientSecretEnc) : null;
      const result = await revokeToken(revocationUrl, token, {
        allowPrivate: environment.allowPrivateForwardUrls,
        client: { clientId: integration.clientId, clientSecret: secret, method: oauth.tokenAuthMethod },
      });
      if (!result.ok) failed = true;
      logs.message(
        environment.id,
        opId,
        result.ok ? "info" : "warn",
        `Token revocation: ${result.ok ? "done" : `failed (${result.status})`}`,
      );
    }
  }
  logs.operation({ ...op, id: opId, status: failed ? "failed" : "success" });
  await logs.write(pool()).catch(() => {});
}

function resolveAuthSafely(integration: Parameters<typeof resolveAuth>[0]) {
  try {
    return resolveAuth(integration);
  } catch {
    return null;
  }
}
