import { db } from "../lib/db";

// Reads for the pipeline editor and list pages: recent real events of an integration
// (to test-run a draft on), pipeline status per integration, and who saved versions.
// Every query is scoped by environment id.

export interface RecentEventRow {
  id: string;
  type: string;
  payload: unknown;
  createdAt: Date;
  connectionId: string | null;
}

export async function listRecentEvents(environmentId: string, integrationId: string, limit = 20): Promise<RecentEventRow[]> {
  const rows = await db().event.findMany({
    where: { environmentId, integrationId, duplicateOf: null },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, type: true, payload: true, createdAt: true, connectionId: true },
  });
  // The connection's own id (the customer's), which test runs accept.
  const connectionIds = [...new Set(rows.map((row) => row.connectionId).filter((id): id is string => id !== null))];
  const connections = connectionIds.length
    ? await db().connection.findMany({ where: { environmentId, id: { in: connectionIds } }, select: { id: true, connectionId: true } })
    : [];
  const byId = new Map(connections.map((connection) => [connection.id, connection.connectionId]));
  return rows.map((row) => ({ ...row, connectionId: row.connectionId ? (byId.get(row.connectionId) ?? null) : null }));
}

export interface PipelineStatusRow {
  integrationId: string;
  activeVersionNumber: number | null;
  versionCount: number;
  lastSavedAt: Date | null;
}

export async function listPipelineStatuses(environmentId: string): Promise<PipelineStatusRow[]> {
  const pipelines = await db().pipeline.findMany({
    where: { environmentId },
    select: {
      integrationId: true,
      activeVersionId: true,
      versions: { select: { id: true, number: true, createdAt: true }, orderBy: { number: "desc" } },
    },
  });
  return pipelines.map((pipeline) => ({
    integrationId: pipeline.integrationId,
    activeVersionNumber: pipeline.versions.find((version) => version.id === pipeline.activeVersionId)?.number ?? null,
    versionCount: pipeline.versions.length,
    lastSavedAt: pipeline.versions[0]?.createdAt ?? null,
  }));
}

/** Emails of users of one account, by user id (for "saved by"). */
export async function findUserEmails(accountId: string, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const users = await db().user.findMany({ where: { accountId, id: { in: userIds } }, select: { id: true, email: true } });
  return new Map(users.map((user) => [user.id, user.email]));
}
