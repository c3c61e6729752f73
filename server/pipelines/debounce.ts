import { createHash } from "node:crypto";
import { inTransaction } from "../lib/db";
import { uuidv7 } from "../lib/ids";
import { enqueue, type Queryable } from "../jobs/catalog";
import type { ParsedNode } from "./pipelines.schema";
import { debounceFireAt, debounceOutput } from "./debounce-window";
import { parsedVersionGraph } from "./version-cache";
import { runQueueName } from "./run-queue";

// Debounce with graphile-worker job keys: each value waiting at a Debounce node is a row,
// and the key's flush job is re-added with `job_key` (mode replace) and a run_at one
// window after the latest value, capped at the first waiting value + maxWaitMs. When it
// runs, it takes every waiting row of the key and starts one continuation run from the
// node with the latest value or the batch. Adding and flushing take the same
// transaction lock per key, so a value is either in this flush or in the next.

type DebounceNode = Extract<ParsedNode, { type: "debounce" }>;

function lockKey(integrationId: string, nodeId: string, key: string): string {
  return `${integrationId}:${nodeId}:${key}`;
}

function jobKeyFor(integrationId: string, nodeId: string, key: string): string {
  return `pipeline.debounce:${createHash("sha256")
    .update(lockKey(integrationId, nodeId, key))
    .digest("hex")
    .slice(0, 32)}`;
}

export async function insertDebounceEntry(
  client: Queryable,
  input: { environmentId: string; integrationId: string; runId: string; node: DebounceNode; path: string; key: string; value: unknown },
): Promise<Date> {
  const { integrationId, node, key } = input;
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [lockKey(integrationId, node.id, key)]);
  const now = new Date();
  // The insert and the key's first waiting value in one statement (the select does not see
  // the row being inserted, hence least() with now).
  const { rows } = (await client.query(
    `WITH added AS (
       INSERT INTO pipeline_debounce_entries (id, environment_id, integration_id, node_id, path, key, run_id, value, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (run_id, node_id, path) DO NOTHING
     )
     SELECT least(min(created_at), $9::timestamptz) AS first
       FROM pipeline_debounce_entries WHERE integration_id = $3 AND node_id = $4 AND key = $6`,
    [uuidv7(), input.environmentId, integrationId, node.id, input.path, key, input.runId, JSON.stringify(input.value ?? null), now],
  )) as { rows: Array<{ first: Date | null }> };
  const fireAt = debounceFireAt({ now, firstAt: rows[0]?.first ?? now, windowMs: node.data.windowMs, maxWaitMs: node.data.maxWaitMs });
  await enqueue(
    client,
    "pipeline.debounce",
    { integrationId, nodeId: node.id, key },
    { jobKey: jobKeyFor(integrationId, node.id, key), runAt: fireAt },
  );
  return fireAt;
}

interface TakenEntry {
  run_id: string;
  value: unknown;
}

/** Takes a quiet key's waiting values and starts the run that carries them on. Returns its id. */
export async function flushDebounce(input: { integrationId: string; nodeId: string; key: string }): Promise<string | null> {
  return inTransaction(async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [lockKey(input.integrationId, input.nodeId, input.key)]);
    // In arrival order: webhook ids are time-ordered at receipt (runs are made later, by
    // drain loops working side by side, so their ids are not).
    const { rows: taken } = await client.query<TakenEntry>(
      `WITH taken AS (
         DELETE FROM pipeline_debounce_entries WHERE integration_id = $1 AND node_id = $2 AND key = $3 RETURNING run_id, value
       )
       SELECT t.run_id, t.value FROM taken t
         LEFT JOIN pipeline_runs r ON r.id = t.run_id
         LEFT JOIN events e ON e.id = r.event_id
        ORDER BY e.webhook_id NULLS LAST, e.index, t.run_id`,
      [input.integrationId, input.nodeId, input.key],
    );
    if (taken.length === 0) {
      return null;
    }
    const latest = taken[taken.length - 1]!;
    const { rows } = await client.query<{
      environment_id: string;
      version_id: string;
      event_id: string | null;
      webhook_id: string | null;
      connection_id: string | null;
      settings: unknown;
    }>(
      `SELECT r.environment_id, r.version_id, r.event_id, r.webhook_id, r.connection_id, i.settings
         FROM pipeline_runs r JOIN integrations i ON i.id = r.integration_id WHERE r.id = $1`,
      [latest.run_id],
    );
    const source = rows[0];
    if (!source) {
      return null;
    }
    const version = await parsedVersionGraph(source.version_id);
    const node = version.parsed.nodes.get(input.nodeId);
    const mode = node?.type === "debounce" ? node.data.mode : "latest";
    const values = taken.map((t) => t.value);
    const runId = uuidv7();
    await client.query(
      `INSERT INTO pipeline_runs (id, environment_id, integration_id, version_id, event_id, webhook_id, connection_id, start_node_id, input, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending')`,
      [
        runId,
        source.environment_id,
        input.integrationId,
        source.version_id,
        source.event_id,
        source.webhook_id,
        source.connection_id,
        input.nodeId,
        JSON.stringify({ value: debounceOutput(mode, values), count: values.length }),
      ],
    );
    await enqueue(
      client,
      "pipeline.run",
      { runId },
      { queueName: runQueueName(source.settings, input.integrationId, source.connection_id) },
    );
    return runId;
  });
}
