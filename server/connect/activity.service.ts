import { db } from "../lib/db";
import { notFound } from "../lib/errors";
import type { Environment } from "../lib/generated/prisma/client";
import { listWebhooks } from "../webhooks/webhooks.service";

// What the connection detail page shows besides the connection itself: its provider
// webhook subscriptions, recent webhooks attributed to it, and recent log operations
// (connects, refreshes, proxy calls, forwards).

export interface ConnectionActivity {
  subscriptions: Array<{ id: string; externalId: string; url: string; hasSecret: boolean; createdAt: string }>;
  webhooks: Awaited<ReturnType<typeof listWebhooks>>["items"];
  logs: Array<{ id: string; type: string; title: string; status: string; startedAt: string }>;
}

export async function getConnectionActivity(
  environment: Environment,
  integrationKey: string,
  connectionId: string,
): Promise<ConnectionActivity> {
  const connection = await db().connection.findFirst({
    where: { environmentId: environment.id, connectionId, integration: { environmentId: environment.id, key: integrationKey } },
    select: { id: true },
  });
  if (!connection) throw notFound(`Connection "${connectionId}" of integration "${integrationKey}"`);
  const [subscriptions, webhooks, logs] = await Promise.all([
    db().connectionSubscription.findMany({ where: { connectionId: connection.id }, orderBy: { createdAt: "desc" } }),
    listWebhooks(environment, { integrationKey, connectionId, limit: 10 }),
    db().logOperation.findMany({
      where: { environmentId: environment.id, connectionId: connection.id, parentId: null },
      orderBy: { startedAt: "desc" },
      take: 20,
    }),
  ]);
  return {
    subscriptions: subscriptions.map((s) => ({
      id: s.id,
      externalId: s.externalId,
      url: s.url,
      hasSecret: s.secretEnc !== null,
      createdAt: s.createdAt.toISOString(),
    })),
    webhooks: webhooks.items,
    logs: logs.map((op) => ({ id: op.id, type: op.type, title: op.title, status: op.status, startedAt: op.startedAt.toISOString() })),
  };
}
