import type { PoolClient } from "pg";
import { storableText } from "../lib/storable-text";
import { db, inTransaction, pool } from "../lib/db";
import { getEnv } from "../lib/env";
import type { Connection, Environment, Integration, PipelineRun, PipelineStep } from "../lib/generated/prisma/client";
import { forwardBody } from "../forwarding/forward-payload";
import { LogBatch, type OperationStatus } from "../logs/log-batch";
import { insertDebounceEntry } from "./debounce";
import { createFunctionHost } from "./function-host";
import { parsedVersionGraph } from "./version-cache";
import { insertPipelineDelivery, type PipelineDelivery } from "./pipeline-deliveries";
import { sendDeliveriesNow } from "../forwarding/deliveries";
import { saveRecords } from "../records/records.service";
import { derivedUuid, stepKey } from "./step-ids";
import { runQueueName } from "./run-queue";
import { enqueue } from "../jobs/catalog";
import { walkGraph, type RunEffects, type StepResult, type StepSideEffect, type StoredStep } from "./walker";

// Runs one pipeline run in the worker (job `pipeline.run`). Each finished node is
// committed as a step row, with its side effect (a delivery row, a debounce entry) and
// its log entries in the same transaction; a retried job skips finished steps, so a
// crash resumes where it stopped without forwarding twice. A node that fails after its
// retries fails the run, which stays visible and can be replayed.

const IO_LOG_LIMIT = 32 * 1024;
/** How soon an ordered run that found an earlier one still to run tries again. */
const ORDER_RETRY_MS = 200;

const finished = new Set(["succeeded", "stopped", "failed", "waiting"]);

const operationStatus: Record<StepResult["status"], OperationStatus> = {
  succeeded: "success",
  stopped: "skipped",
  waiting: "success",
  failed: "failed",
};

function clip(value: unknown): unknown {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value);
  return json.length > IO_LOG_LIMIT ? { truncated: true, preview: json.slice(0, IO_LOG_LIMIT) } : value;
}

export class PipelineRetryError extends Error {
  override name = "PipelineRetryError";
}

interface LoadedRun {
  run: PipelineRun;
  /** Steps finished by earlier attempts of this run. */
  steps: PipelineStep[];
  integration: Integration & { environment: Environment };
  connection: Connection | null;
  event: { id: string | null; type: string; payload: unknown; providerEventId: string | null; objectId: string | null; receivedAt: Date };
}

/** The run and everything it needs, in two round trips: the run, then the rest side by side. */
async function loadContext(runId: string): Promise<LoadedRun | null> {
  const run = await db().pipelineRun.findUnique({ where: { id: runId } });
  if (!run || finished.has(run.status)) return null;
  const [integration, connection, event, webhook, steps] = await Promise.all([
    db().integration.findUnique({ where: { id: run.integrationId }, include: { environment: true } }),
    run.connectionId ? db().connection.findUnique({ where: { id: run.connectionId } }) : null,
    run.eventId ? db().event.findUnique({ where: { id: run.eventId } }) : null,
    run.webhookId ? db().webhook.findUnique({ where: { id: run.webhookId }, select: { receivedAt: true } }) : null,
    // Steps are only written by a claimed attempt: a run never claimed has none.
    run.attempts > 0 ? db().pipelineStep.findMany({ where: { runId } }) : [],
  ]);
  if (!integration) return null;
  return {
    run,
    steps,
    integration,
    connection,
    event: {
      id: event?.id ?? null,
      type: event?.type ?? "unknown",
      payload: event?.payload ?? null,
      providerEventId: event?.providerEventId ?? null,
      objectId: event?.objectId ?? null,
      receivedAt: webhook?.receivedAt ?? event?.createdAt ?? run.createdAt,
    },
  };
}

function stepLogs(logs: LogBatch, environmentId: string, opId: string, step: StepResult): void {
  logs.message(environmentId, opId, "info", "Input", { input: clip(step.input) });
  for (const m of step.messages) logs.message(environmentId, opId, m.level, m.message, m.data);
  for (const l of step.functionLogs) logs.message(environmentId, opId, l.level, `console: ${l.message}`, { at: l.at });
  for (const call of step.proxyCalls) {
    logs.message(
      environmentId,
      opId,
      call.error || (call.status ?? 0) >= 400 ? "warn" : "info",
      `API call ${call.method} ${call.endpoint} → ${call.status ?? call.error ?? "error"} (${call.durationMs} ms)`,
    );
  }
  if (step.status === "succeeded") logs.message(environmentId, opId, "info", "Output", { output: clip(step.output) });
}

/**
 * An ordered run must not overtake an earlier event of its connection. Its queue runs jobs
 * in the order they were added, but the webhook drain works several batches side by side,
 * so a later webhook's run can be added first. When an earlier webhook of the integration
 * is still unprocessed, or an earlier run of the connection has not started, the run goes
 * to the back of its queue (behind that run's job) and tries again shortly.
 */
async function deferBehindEarlierRun(run: LoadedRun["run"], queueName: string): Promise<boolean> {
  if (!run.webhookId) return false;
  // Runs that can race this one were made by drain batches working at the same time, so
  // only runs made within a minute of it are looked at: through the connection's events
  // (indexed by connection and time), or the integration's runs for unattributed events.
  const { rows } = await pool().query<{ earlier: boolean }>(
    `WITH mine AS (
       SELECT w.received_at, w.id AS webhook_id, coalesce(e.index, 0) AS index, r.created_at
         FROM pipeline_runs r JOIN webhooks w ON w.id = $3 LEFT JOIN events e ON e.id = r.event_id WHERE r.id = $4
     ), candidates AS (
       SELECT r.id, r.webhook_id, r.event_id, r.status, r.attempts FROM mine, events e JOIN pipeline_runs r ON r.event_id = e.id
        WHERE $2::uuid IS NOT NULL AND e.connection_id = $2 AND e.created_at BETWEEN mine.created_at - interval '1 minute' AND mine.created_at + interval '1 minute'
          AND r.integration_id = $1
       UNION ALL
       SELECT r.id, r.webhook_id, r.event_id, r.status, r.attempts FROM mine, pipeline_runs r
        WHERE $2::uuid IS NULL AND r.integration_id = $1 AND r.connection_id IS NULL
          AND r.created_at BETWEEN mine.created_at - interval '1 minute' AND mine.created_at + interval '1 minute'
     )
     SELECT EXISTS (
         SELECT 1 FROM webhooks w, mine
          WHERE w.status = 'pending' AND w.integration_id = $1 AND (w.received_at, w.id) < (mine.received_at, mine.webhook_id)
       ) OR EXISTS (
         SELECT 1 FROM candidates c JOIN webhooks w ON w.id = c.webhook_id LEFT JOIN events e ON e.id = c.event_id, mine
          WHERE c.status = 'pending' AND c.attempts = 0 AND c.id <> $4
            AND (w.received_at, w.id, coalesce(e.index, 0)) < (mine.received_at, mine.webhook_id, mine.index)
       ) AS earlier`,
    [run.integrationId, run.connectionId, run.webhookId, run.id],
  );
  if (!rows[0]?.earlier) return false;
  await enqueue(pool(), "pipeline.run", { runId: run.id }, { queueName, runAt: new Date(Date.now() + ORDER_RETRY_MS) });
  return true;
}

export async function executePipelineRun(runId: string): Promise<void> {
  const loaded = await loadContext(runId);
  if (!loaded) return;
  const { run, integration, event } = loaded;
  const queueName = runQueueName(integration.settings, integration.id, run.connectionId);
  if (queueName && run.status === "pending" && (await deferBehindEarlierRun(run, queueName))) return;
  const environment = integration.environment;
  const graph = await parsedVersionGraph(run.versionId);
  const version = graph.version;
  const previous = new Map<string, StoredStep>(
    loaded.steps.map((s) => [stepKey(s.nodeId, s.path), { status: s.status, output: s.output ?? undefined, attempts: s.attempts }]),
  );
  const title = run.startNodeId
    ? `Pipeline v${version.number}: ${run.startNodeId} fired (${event.type})`
    : `Pipeline v${version.number}: ${event.type}`;
  const runOp = {
    id: run.id,
    environmentId: environment.id,
    parentId: run.eventId,
    type: "pipeline",
    title,
    integrationId: integration.id,
    connectionId: run.connectionId,
    webhookId: run.webhookId,
    eventId: run.eventId,
    startedAt: run.createdAt,
  };
  // Claim the run: a pending run, or a running one whose worker stopped sending heartbeats.
  // A live worker's run is left alone, so two workers never execute one run at once.
  const claimed = await pool().query(
    `UPDATE pipeline_runs SET status = 'running', attempts = attempts + 1, updated_at = now()
      WHERE id = $1 AND (status = 'pending' OR (status = 'running' AND updated_at < now() - make_interval(secs => $2::int / 1000.0)))`,
    [run.id, getEnv().pipelineStaleMs],
  );
  if (claimed.rowCount === 0) return;
  // A running run's row is touched well within the stale limit while its worker lives.
  const heartbeatMs = Math.min(5_000, getEnv().pipelineStaleMs / 3);
  const heartbeat = setInterval(() => {
    pool()
      .query(`UPDATE pipeline_runs SET updated_at = now() WHERE id = $1 AND status = 'running'`, [run.id])
      .catch(() => {});
  }, heartbeatMs);
  try {
    await continueRun(loaded, graph, previous, runOp);
  } catch (error) {
    // Back to pending so that the job's retry may claim it at once.
    await pool()
      .query(`UPDATE pipeline_runs SET status = 'pending', error = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [
        run.id,
        storableText((error as Error).message.slice(0, 2000)),
      ])
      .catch(() => {});
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

async function continueRun(
  loaded: LoadedRun,
  graph: Awaited<ReturnType<typeof parsedVersionGraph>>,
  previous: Map<string, StoredStep>,
  runOp: Omit<Parameters<LogBatch["operation"]>[0], "status">,
): Promise<void> {
  const { run, integration, connection, event } = loaded;
  const environment = integration.environment;
  // An ordered run sends its forwards itself, in order, before its job ends and the next
  // run of its queue starts: the deliveries drain sends side by side, in any order.
  const ordered = runQueueName(integration.settings, integration.id, run.connectionId) !== null;
  const sendInOrder: string[] = [];
  const queueForward = async (client: Pick<PoolClient, "query">, forward: PipelineDelivery) => {
    const id = await insertPipelineDelivery(client, forward, { held: ordered });
    if (id && ordered) sendInOrder.push(id);
  };
  const startLogs = new LogBatch();
  startLogs.operation({ ...runOp, status: "running" });
  if (run.attempts > 0)
    startLogs.message(environment.id, run.id, "info", `Attempt ${run.attempts + 1}: resuming after ${previous.size} finished node(s)`);
  await startLogs.write(pool());

  const bodyFor = (payload: unknown) =>
    forwardBody({
      provider: integration.provider,
      integrationKey: integration.key,
      connectionId: connection?.connectionId ?? null,
      eventType: event.type,
      providerEventId: event.providerEventId,
      receivedAt: event.receivedAt,
      payload,
    });
  const delivery = (idempotencyKey: string, url: string, body: unknown) => ({
    environmentId: environment.id,
    webhookId: run.webhookId,
    eventId: run.eventId,
    connectionId: run.connectionId,
    idempotencyKey,
    url,
    body,
  });

  // Steps with nothing outside to protect (a trigger, a filter, a fired Debounce) are
  // held and written with the next step that has, or at the run's end: repeating them
  // after a crash costs nothing, and a run's cheap nodes share one transaction.
  const held: StepResult[] = [];
  const heldLogs = new LogBatch();
  const logStep = (step: StepResult) => {
    const key = stepKey(step.nodeId, step.path);
    const opId = heldLogs.operation({
      id: derivedUuid(run.id, key),
      environmentId: environment.id,
      parentId: run.id,
      type: `pipeline.${step.type}`,
      title: `${step.type} ${key}: ${step.status} (${Math.round(step.durationMs)} ms)`,
      status: operationStatus[step.status],
      integrationId: integration.id,
      connectionId: run.connectionId,
      webhookId: run.webhookId,
      eventId: run.eventId,
      startedAt: new Date(Date.now() - step.durationMs),
    });
    stepLogs(heldLogs, environment.id, opId, step);
  };
  /** Writes the held steps and their log entries with the caller's transaction. */
  const writeHeld = async (client: PoolClient) => {
    if (held.length > 0) {
      await client.query(
        `INSERT INTO pipeline_steps (run_id, node_id, path, environment_id, status, input, output, error, attempts, duration_ms)
         SELECT $1, t.node_id, t.path, $2, t.status::"PipelineStepStatus", t.input, t.output, t.error, t.attempts, t.duration_ms
           FROM unnest($3::text[], $4::text[], $5::text[], $6::json[], $7::json[], $8::text[], $9::int[], $10::int[])
             AS t(node_id, path, status, input, output, error, attempts, duration_ms)
         ON CONFLICT (run_id, node_id, path) DO UPDATE SET status = EXCLUDED.status, input = EXCLUDED.input, output = EXCLUDED.output,
           error = EXCLUDED.error, attempts = EXCLUDED.attempts, duration_ms = EXCLUDED.duration_ms`,
        [
          run.id,
          environment.id,
          held.map((s) => s.nodeId),
          held.map((s) => s.path),
          held.map((s) => s.status),
          held.map((s) => (s.input === undefined ? null : JSON.stringify(s.input))),
          held.map((s) => (s.output === undefined ? null : JSON.stringify(s.output))),
          // A Function's error message is the user's text.
          held.map((s) => (s.error === undefined ? null : storableText(s.error))),
          held.map((s) => s.attempts),
          held.map((s) => Math.round(s.durationMs)),
        ],
      );
    }
    await heldLogs.write(client);
    held.length = 0;
  };

  const commit = async (step: StepResult, effect?: StepSideEffect) => {
    held.push(step);
    logStep(step);
    if (!effect && (step.type === "trigger" || step.type === "filter" || step.type === "debounce")) return;
    const key = stepKey(step.nodeId, step.path);
    await inTransaction(async (client) => {
      if (effect?.kind === "forward") await queueForward(client, delivery(`run:${run.id}:node:${key}`, effect.url, effect.body));
      if (effect?.kind === "debounce") {
        await insertDebounceEntry(client, {
          environmentId: environment.id,
          integrationId: integration.id,
          runId: run.id,
          node: effect.node,
          path: step.path,
          key: effect.key,
          value: effect.value,
        });
      }
      await writeHeld(client);
    });
  };

  const effects: RunEffects = {
    dryRun: false,
    previousStep: (nodeId, path) => previous.get(stepKey(nodeId, path)),
    functionHost: (step) => {
      const key = stepKey(step.nodeId, step.path);
      return createFunctionHost({
        environment,
        integration,
        connection,
        step,
        operationId: derivedUuid(run.id, key),
        live: true,
        forward: async (payload, n) => {
          const url = environment.forwardUrl;
          if (!url) throw new Error("ctx.forward: this environment has no forward URL");
          await queueForward(pool(), delivery(`run:${run.id}:node:${key}:forward:${n}`, url, bodyFor(payload)));
          step.messages.push({ level: "info", message: `ctx.forward: queued to ${url}` });
        },
      });
    },
    saveRecords: async (_nodeId, model, objects, step) => {
      if (!connection) {
        step.status = "failed";
        step.error = "Saving records needs a connection, and this event has none";
        return;
      }
      const result = await saveRecords(
        { environmentId: environment.id, integrationId: integration.id, connectionId: connection.id },
        model,
        objects,
      );
      step.messages.push({ level: "info", message: `Saved ${objects.length} ${model} record(s): ${JSON.stringify(result)}` });
    },
    defaultForwardUrl: () => environment.forwardUrl,
    forwardBody: bodyFor,
    commitStep: commit,
  };

  const input = run.input as { value?: unknown; count?: number } | null;
  const outcome = await walkGraph({
    graph: graph.parsed,
    event: { ...event, provider: integration.provider },
    connection: connection
      ? { rowId: connection.id, connectionId: connection.connectionId, metadata: connection.metadata, endUser: connection.endUser }
      : null,
    effects,
    ...(run.startNodeId ? { resumeAt: { nodeId: run.startNodeId, value: input?.value, count: input?.count ?? 1 } } : {}),
  });
  if (outcome.retry) {
    if (held.length > 0) await inTransaction(writeHeld);
    await sendDeliveriesNow(sendInOrder);
    throw new PipelineRetryError(`A node of run ${run.id} failed and will be retried`);
  }

  const failedStep = outcome.steps.find((s) => s.status === "failed");
  const endLogs = new LogBatch();
  endLogs.operation({ ...runOp, status: outcome.status === "failed" ? "failed" : outcome.status === "stopped" ? "skipped" : "success" });
  if (outcome.steps.length === 0) endLogs.message(environment.id, run.id, "info", `No trigger matches ${event.type}`);
  await inTransaction(async (client) => {
    await writeHeld(client);
    await client.query(
      `UPDATE pipeline_runs SET status = $2::"PipelineRunStatus", error = $3, finished_at = now(), updated_at = now() WHERE id = $1`,
      [run.id, outcome.status, failedStep?.error === undefined ? null : storableText(failedStep.error.slice(0, 2000))],
    );
    const forwarded = outcome.steps.some((s) => s.type === "forward" && s.status === "succeeded");
    const eventStatus = outcome.status === "failed" ? "failed" : forwarded ? "forwarded" : outcome.status === "stopped" ? "dropped" : null;
    if (run.eventId && eventStatus && !run.startNodeId) {
      await client.query(`UPDATE events SET status = $2::"EventStatus" WHERE id = $1`, [run.eventId, eventStatus]);
    }
    await endLogs.write(client);
  });
  await sendDeliveriesNow(sendInOrder);
}
