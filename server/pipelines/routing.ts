import type { PoolClient } from "pg";
import { jobCatalog } from "../jobs/catalog";
import { uuidv7 } from "../lib/ids";
import { matchesAnyEventType } from "./trigger-match";
import { runQueueName } from "./run-queue";
import { findCachedVersion, parseVersion, type CachedVersion } from "./version-cache";

// The webhook drain's hook into pipelines: integrations with an active version get a
// pipeline run per event (inserted, with its job, in the drain's transaction) instead
// of the default forward. Events that no trigger matches stop here.

export interface ActivePipeline extends CachedVersion {
  integrationId: string;
}

export async function loadActivePipelines(
  client: Pick<PoolClient, "query">,
  integrationIds: string[],
): Promise<Map<string, ActivePipeline>> {
  const map = new Map<string, ActivePipeline>();
  if (integrationIds.length === 0) return map;
  // Versions are immutable: a graph this process has parsed is not read again, only which
  // version is active (every batch asks, so that a newly activated version applies at once).
  const { rows: active } = await client.query<{ integration_id: string; id: string; number: number }>(
    `SELECT p.integration_id, v.id, v.number
       FROM pipelines p JOIN pipeline_versions v ON v.id = p.active_version_id
      WHERE p.integration_id = ANY($1::uuid[])`,
    [integrationIds],
  );
  const missing = active.filter((row) => !findCachedVersion(row.id)).map((row) => row.id);
  const graphs = new Map<string, unknown>();
  if (missing.length > 0) {
    const { rows } = await client.query<{ id: string; graph: unknown }>(
      `SELECT id, graph FROM pipeline_versions WHERE id = ANY($1::uuid[])`,
      [missing],
    );
    for (const row of rows) graphs.set(row.id, row.graph);
  }
  for (const row of active) {
    const version = findCachedVersion(row.id) ?? parseVersion({ id: row.id, number: row.number }, graphs.get(row.id));
    map.set(row.integration_id, { integrationId: row.integration_id, ...version });
  }
  return map;
}

export interface PlannedRun {
  id: string;
  environmentId: string;
  integrationId: string;
  versionId: string;
  eventId: string;
  webhookId: string;
  connectionId: string | null;
  queueName: string | null;
}

export type RouteDecision = { run: PlannedRun; message: string } | { run: null; message: string };

export function routeToPipeline(
  pipeline: ActivePipeline,
  event: {
    id: string;
    type: string;
    environmentId: string;
    webhookId: string;
    connectionId: string | null;
    settings: unknown;
    /** A given run id (a replay derives it, so that a repeated replay job adds nothing). */
    runId?: string;
  },
): RouteDecision {
  const matches = pipeline.parsed.triggers.some((t) => t.type === "trigger" && matchesAnyEventType(t.data.eventTypes, event.type));
  if (!matches) return { run: null, message: `No trigger of pipeline v${pipeline.version.number} matches ${event.type}: not forwarded` };
  const run: PlannedRun = {
    id: event.runId ?? uuidv7(),
    environmentId: event.environmentId,
    integrationId: pipeline.integrationId,
    versionId: pipeline.version.id,
    eventId: event.id,
    webhookId: event.webhookId,
    connectionId: event.connectionId,
    queueName: runQueueName(event.settings, pipeline.integrationId, event.connectionId),
  };
  return { run, message: `Pipeline v${pipeline.version.number} run ${run.id} queued` };
}

/** One INSERT for the runs and one statement that adds their jobs. */
export async function insertPipelineRuns(client: Pick<PoolClient, "query">, runs: PlannedRun[]): Promise<void> {
  if (runs.length === 0) return;
  await client.query(
    `INSERT INTO pipeline_runs (id, environment_id, integration_id, version_id, event_id, webhook_id, connection_id, status)
     SELECT id, env, integ, ver, ev, wh, conn, 'pending'
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[]) AS r(id, env, integ, ver, ev, wh, conn)
     ON CONFLICT (id) DO NOTHING`,
    [
      runs.map((r) => r.id),
      runs.map((r) => r.environmentId),
      runs.map((r) => r.integrationId),
      runs.map((r) => r.versionId),
      runs.map((r) => r.eventId),
      runs.map((r) => r.webhookId),
      runs.map((r) => r.connectionId),
    ],
  );
  await client.query(
    `SELECT graphile_worker.add_job('pipeline.run', json_build_object('runId', r.id), queue_name := r.queue, max_attempts := $3::int)
       FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS r(id, queue, n) ORDER BY r.n`,
    [runs.map((r) => r.id), runs.map((r) => r.queueName), jobCatalog["pipeline.run"].maxAttempts],
  );
}
