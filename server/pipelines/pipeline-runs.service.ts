import { db } from "../lib/db";
import { notFound } from "../lib/errors";
import type { Environment, LogMessage } from "../lib/generated/prisma/client";
import type { LogMessageView } from "../logs/logs.service";
import { derivedUuid, stepKey } from "./step-ids";

// One pipeline run as the log explorer shows it: the run, then each node it ran in the
// order they ran, with the step's input, output, error and time, the node's log messages
// (Function console output among them) and the API calls it made. Scoped by environment.

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export interface RunApiCallView {
  id: string;
  title: string;
  status: "running" | "success" | "failed" | "skipped";
  durationMs: number | null;
  startedAt: string;
  messages: LogMessageView[];
}

export interface RunNodeView {
  /** The node, and for a node reached by several values, which one (see README, fan-in). */
  key: string;
  nodeId: string;
  path: string;
  type: string;
  status: "succeeded" | "stopped" | "waiting" | "failed";
  attempts: number;
  durationMs: number;
  startedAt: string | null;
  input: unknown;
  output: unknown;
  error: string | null;
  /** The node's log messages, console output included (input and output are fields of their own). */
  logs: LogMessageView[];
  apiCalls: RunApiCallView[];
}

export interface PipelineRunView {
  id: string;
  status: "pending" | "running" | "succeeded" | "stopped" | "waiting" | "failed";
  error: string | null;
  attempts: number;
  title: string | null;
  createdAt: string;
  finishedAt: string | null;
  integrationKey: string | null;
  versionNumber: number | null;
  eventType: string | null;
  eventId: string | null;
  webhookId: string | null;
  connectionId: string | null;
  /** Set for a run that continues from a Debounce node once its key was quiet. */
  startNodeId: string | null;
  messages: LogMessageView[];
  nodes: RunNodeView[];
}

function toMessageView(m: LogMessage): LogMessageView {
  return { id: m.id, level: m.level, message: m.message, data: m.data, createdAt: m.createdAt.toISOString() };
}

const byTime = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);

export async function getPipelineRun(environment: Environment, runId: string): Promise<PipelineRunView> {
  if (!isUuid(runId)) throw notFound("Pipeline run");
  const run = await db().pipelineRun.findFirst({ where: { id: runId, environmentId: environment.id } });
  if (!run) throw notFound("Pipeline run");
  const [steps, operations, integration, version, event, connection] = await Promise.all([
    db().pipelineStep.findMany({ where: { runId } }),
    db().logOperation.findMany({
      where: { environmentId: environment.id, OR: [{ id: runId }, { parentId: runId }] },
      include: { messages: true },
    }),
    db().integration.findFirst({ where: { id: run.integrationId, environmentId: environment.id }, select: { key: true } }),
    db().pipelineVersion.findFirst({ where: { id: run.versionId, environmentId: environment.id }, select: { number: true } }),
    run.eventId ? db().event.findFirst({ where: { id: run.eventId, environmentId: environment.id }, select: { type: true } }) : null,
    run.connectionId
      ? db().connection.findFirst({ where: { id: run.connectionId, environmentId: environment.id }, select: { connectionId: true } })
      : null,
  ]);
  const stepOps = operations.filter((op) => op.id !== runId);
  const calls = stepOps.length
    ? await db().logOperation.findMany({
        where: { environmentId: environment.id, parentId: { in: stepOps.map((op) => op.id) } },
        include: { messages: true },
        orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      })
    : [];
  const opById = new Map(stepOps.map((op) => [op.id, op]));
  const nodes = steps.map((step): RunNodeView & { order: number } => {
    const key = stepKey(step.nodeId, step.path);
    const op = opById.get(derivedUuid(run.id, key));
    return {
      key,
      nodeId: step.nodeId,
      path: step.path,
      type: op?.type.replace(/^pipeline\./, "") ?? "node",
      status: step.status,
      attempts: step.attempts,
      durationMs: step.durationMs,
      startedAt: op?.startedAt.toISOString() ?? null,
      input: step.input ?? undefined,
      output: step.output ?? undefined,
      error: step.error,
      logs: (op?.messages ?? [])
        .filter((m) => m.message !== "Input" && m.message !== "Output")
        .sort(byTime)
        .map(toMessageView),
      apiCalls: calls
        .filter((call) => op && call.parentId === op.id)
        .map((call) => ({
          id: call.id,
          title: call.title,
          status: call.status,
          durationMs: call.endedAt ? call.endedAt.getTime() - call.startedAt.getTime() : null,
          startedAt: call.startedAt.toISOString(),
          messages: call.messages.sort(byTime).map(toMessageView),
        })),
      // Steps written together share a created_at; the node's log entry carries when it ran.
      order: op?.startedAt.getTime() ?? step.createdAt.getTime(),
    };
  });
  nodes.sort((a, b) => a.order - b.order);
  const runOp = operations.find((op) => op.id === runId);
  return {
    id: run.id,
    status: run.status,
    error: run.error,
    attempts: run.attempts,
    title: runOp?.title ?? null,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    integrationKey: integration?.key ?? null,
    versionNumber: version?.number ?? null,
    eventType: event?.type ?? null,
    eventId: run.eventId,
    webhookId: run.webhookId,
    connectionId: connection?.connectionId ?? null,
    startNodeId: run.startNodeId,
    messages: (runOp?.messages ?? []).sort(byTime).map(toMessageView),
    nodes: nodes.map(({ order: _order, ...node }) => node),
  };
}

export interface RunSummaryView {
  id: string;
  status: PipelineRunView["status"];
  error: string | null;
  versionNumber: number | null;
  eventType: string | null;
  connectionId: string | null;
  /** Set for a run that continues from a Debounce node. */
  startNodeId: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The latest runs of one integration's pipeline, newest first, for the editor. */
export async function listRecentRuns(environment: Environment, integrationId: string, limit = 20): Promise<RunSummaryView[]> {
  const runs = await db().pipelineRun.findMany({
    where: { environmentId: environment.id, integrationId },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  const ids = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => v !== null))];
  const [versions, events, connections] = await Promise.all([
    db().pipelineVersion.findMany({
      where: { environmentId: environment.id, id: { in: ids(runs.map((r) => r.versionId)) } },
      select: { id: true, number: true },
    }),
    db().event.findMany({
      where: { environmentId: environment.id, id: { in: ids(runs.map((r) => r.eventId)) } },
      select: { id: true, type: true },
    }),
    db().connection.findMany({
      where: { environmentId: environment.id, id: { in: ids(runs.map((r) => r.connectionId)) } },
      select: { id: true, connectionId: true },
    }),
  ]);
  const versionNumber = new Map(versions.map((v) => [v.id, v.number]));
  const eventType = new Map(events.map((e) => [e.id, e.type]));
  const connectionId = new Map(connections.map((c) => [c.id, c.connectionId]));
  return runs.map((run) => ({
    id: run.id,
    status: run.status,
    error: run.error,
    versionNumber: versionNumber.get(run.versionId) ?? null,
    eventType: run.eventId ? (eventType.get(run.eventId) ?? null) : null,
    connectionId: run.connectionId ? (connectionId.get(run.connectionId) ?? null) : null,
    startNodeId: run.startNodeId,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  }));
}
