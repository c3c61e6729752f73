import { pool } from "../lib/db";
import { getEnv } from "../lib/env";
import { jobCatalog } from "../jobs/catalog";
import { runQueueName } from "./run-queue";

// A worker that dies mid-run leaves its graphile-worker job locked (for hours) and the
// run marked running with no heartbeat. This sweep, run every minute, queues such runs
// again; the executor resumes them after their last finished node.

export async function recoverStalePipelineRuns(staleAfterMs = getEnv().pipelineStaleMs): Promise<number> {
  const { rows } = await pool().query<{ id: string; integration_id: string; connection_id: string | null; settings: unknown }>(
    `SELECT r.id, r.integration_id, r.connection_id, i.settings
       FROM pipeline_runs r JOIN integrations i ON i.id = r.integration_id
      WHERE r.status = 'running' AND r.updated_at < now() - make_interval(secs => $1::int / 1000.0)
      ORDER BY r.id LIMIT 1000`,
    [staleAfterMs],
  );
  if (rows.length === 0) return 0;
  // One statement for all of them (as the drain adds run jobs), not a round trip per run.
  await pool().query(
    `SELECT graphile_worker.add_job('pipeline.run', json_build_object('runId', r.id), queue_name := r.queue,
              job_key := 'pipeline.recover:' || r.id, max_attempts := $3::int)
       FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS r(id, queue, n) ORDER BY r.n`,
    [
      rows.map((row) => row.id),
      rows.map((row) => runQueueName(row.settings, row.integration_id, row.connection_id)),
      jobCatalog["pipeline.run"].maxAttempts,
    ],
  );
  return rows.length;
}
