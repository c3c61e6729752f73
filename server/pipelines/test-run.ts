import { db, pool } from "../lib/db";
import { notFound } from "../lib/errors";
import type { Environment, Integration } from "../lib/generated/prisma/client";
import { forwardBody } from "../forwarding/forward-payload";
import { createFunctionHost } from "./function-host";
import { parseGraph } from "./graph";
import type { PipelineGraph, TestEvent, TestNodeResult, TestRunResult } from "./pipelines.schema";
import { insertPipelineDelivery } from "./pipeline-deliveries";
import { derivedUuid, stepKey } from "./step-ids";
import { walkGraph, type RunEffects, type StepResult } from "./walker";

// Test runs of a draft graph on one event, for the editor. No run is stored. Unless
// `sendForReal`, nothing leaves either: forwards, API calls and writes are reported.

function toNodeResult(step: StepResult): TestNodeResult {
  return {
    nodeId: step.nodeId,
    status: step.status,
    input: step.input,
    output: step.output,
    logs: [
      ...step.messages.map((m) => ({ level: m.level, message: m.message, at: "" })),
      ...step.functionLogs.map((l) => ({ level: l.level, message: l.message, at: l.at })),
    ],
    durationMs: step.durationMs,
    ...(step.error ? { error: step.error } : {}),
    ...(step.wouldForward ? { wouldForward: step.wouldForward } : {}),
    ...(step.type === "function" ? { proxyCalls: step.proxyCalls } : {}),
  };
}

export async function runTestGraph(input: {
  environment: Environment;
  integration: Integration;
  graph: PipelineGraph;
  event: TestEvent;
  sendForReal: boolean;
}): Promise<TestRunResult> {
  const { graph } = parseGraph(input.graph);
  if (!graph) throw new Error("runTestGraph needs a validated graph");
  const connection = input.event.connectionId
    ? await db().connection.findFirst({ where: { integrationId: input.integration.id, connectionId: input.event.connectionId } })
    : null;
  if (input.event.connectionId && !connection) throw notFound(`Connection ${input.event.connectionId}`);
  const runId = crypto.randomUUID();
  const receivedAt = new Date();
  const body = (payload: unknown) =>
    forwardBody({
      provider: input.integration.provider,
      integrationKey: input.integration.key,
      connectionId: connection?.connectionId ?? null,
      eventType: input.event.type,
      providerEventId: null,
      receivedAt,
      payload,
    });
  const send = (idempotencyKey: string, url: string, payload: unknown) =>
    insertPipelineDelivery(pool(), {
      environmentId: input.environment.id,
      webhookId: null,
      eventId: null,
      connectionId: connection?.id ?? null,
      idempotencyKey,
      url,
      body: payload,
    });
  const effects: RunEffects = {
    dryRun: true,
    previousStep: () => undefined,
    functionHost: (step) => {
      const key = stepKey(step.nodeId, step.path);
      return createFunctionHost({
        environment: input.environment,
        integration: input.integration,
        connection,
        step,
        operationId: derivedUuid(runId, key),
        live: input.sendForReal,
        forward: async (payload, n) => {
          const url = input.environment.forwardUrl;
          step.wouldForward ??= { url: url ?? "", body: body(payload) };
          if (!input.sendForReal || !url) {
            step.messages.push({ level: "info", message: `ctx.forward: would forward to ${url ?? "(no forward URL set)"}` });
            return;
          }
          await send(`test:${runId}:node:${key}:forward:${n}`, url, body(payload));
          step.messages.push({ level: "info", message: `ctx.forward: sent to ${url}` });
        },
      });
    },
    saveRecords: (_nodeId, model, objects, step) => {
      step.messages.push({ level: "info", message: `Test run: would save ${objects.length} ${model} record(s)` });
      return Promise.resolve();
    },
    defaultForwardUrl: () => input.environment.forwardUrl,
    forwardBody: body,
    commitStep: async (step, effect) => {
      if (input.sendForReal && effect?.kind === "forward") {
        await send(`test:${runId}:node:${stepKey(step.nodeId, step.path)}`, effect.url, effect.body);
        step.messages.push({ level: "info", message: `Sent for real to ${effect.url}` });
      }
    },
  };
  const outcome = await walkGraph({
    graph,
    event: {
      id: null,
      type: input.event.type,
      payload: input.event.payload,
      provider: input.integration.provider,
      receivedAt,
      providerEventId: null,
      objectId: null,
    },
    connection: connection
      ? { rowId: connection.id, connectionId: connection.connectionId, metadata: connection.metadata, endUser: connection.endUser }
      : null,
    effects,
  });
  const ran = new Set(outcome.steps.map((s) => s.nodeId));
  const skipped: TestNodeResult[] = [...graph.nodes.keys()]
    .filter((id) => !ran.has(id))
    .map((nodeId) => ({ nodeId, status: "skipped", input: undefined, output: undefined, logs: [], durationMs: 0 }));
  return { nodes: [...outcome.steps.map(toNodeResult), ...skipped] };
}
