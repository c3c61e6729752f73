import { db } from "../lib/db";

// Web processes cache integrations for the webhook hot path; every change to an
// integration announces itself so that all processes drop their cached copy.

export const INTEGRATION_CHANGED_CHANNEL = "switchboard_integration_changed";

export async function notifyIntegrationChanged(environmentId: string, key: string): Promise<void> {
  await db().$executeRaw`SELECT pg_notify(${INTEGRATION_CHANGED_CHANNEL}, ${JSON.stringify({ environmentId, key })})`;
}
