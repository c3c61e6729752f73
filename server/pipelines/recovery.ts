import { pool } from "../lib/db";
import { getEnv } from "../lib/env";
import { enqueue } from "../jobs/catalog";
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
  for (const row of rows) {
    await enqueue(
      pool(),
      "pipeline.run",
      { runId: row.id },
      { jobKey: `pipeline.recover:${row.id}`, queueName: runQueueName(row.settings, row.integration_id, row.connection_id) },
    );
  }
  return rows.length;
}
