import { AppError } from "../lib/errors";
import { runFunction, type FunctionInput, type FunctionLog, type HostHandler } from "../functions/sandbox";
import { debounceOutput } from "./debounce-window";
import { evaluateFilter } from "./filter";
import type { ParsedGraph } from "./graph";
import type { NodeData, NodeRunStatus, ParsedNode, ProxyCallView } from "./pipelines.schema";
import { renderJsonTemplate, renderText, type TemplateScope } from "./template";
import { matchesAnyEventType } from "./trigger-match";

// Walks a pipeline graph for one event (or from a fired Debounce node) in topological
// order. Each node gets the value its first finished parent produced; what a node does
// to the outside goes through `RunEffects`, so the same walk serves real runs (persisted
// step by step, resumable) and test runs (nothing leaves, everything is reported).

export interface WalkEvent {
  /** The stored event row, when there is one. */
  id: string | null;
  type: string;
  payload: unknown;
  provider: string;
  receivedAt: Date;
  providerEventId: string | null;
  objectId: string | null;
}

export interface WalkConnection {
  /** The connection row's id. */
  rowId: string;
  /** The id the customer knows it by. */
  connectionId: string;
  metadata: unknown;
  endUser: unknown;
}

export interface LogLine {
  level: "info" | "warn" | "error";
  message: string;
  data?: unknown;
}

export interface StepResult {
  nodeId: string;
  type: ParsedNode["type"];
  status: Exclude<NodeRunStatus, "skipped">;
  input: unknown;
  output: unknown;
  error?: string;
  messages: LogLine[];
  functionLogs: FunctionLog[];
  proxyCalls: ProxyCallView[];
  durationMs: number;
  attempts: number;
  wouldForward?: { url: string; body: unknown };
}

/** A step as persisted by an earlier attempt of the same run. */
export interface StoredStep {
  status: StepResult["status"];
  output: unknown;
  attempts: number;
}

export type StepSideEffect =
  | { kind: "forward"; url: string; body: unknown }
  | { kind: "debounce"; node: Extract<ParsedNode, { type: "debounce" }>; key: string; value: unknown };

export interface RunEffects {
  /** True in a test run: Debounce passes the event straight on. */
  readonly dryRun: boolean;
  previousStep(nodeId: string): StoredStep | undefined;
  /** Host for a Function node's ctx calls. */
  functionHost(nodeId: string, step: StepResult): HostHandler;
  /** Records the Sync node's objects (mode save). */
  saveRecords(nodeId: string, model: string, objects: unknown[], step: StepResult): Promise<void>;
  defaultForwardUrl(): string | null;
  forwardBody(payload: unknown): unknown;
  /** Persists a finished step with its side effect, atomically where it is real. */
  commitStep(step: StepResult, effect?: StepSideEffect): Promise<void>;
}

export class RetryNodeError extends Error {
  override name = "RetryNodeError";
}

export interface WalkInput {
  graph: ParsedGraph;
  event: WalkEvent;
  connection: WalkConnection | null;
  effects: RunEffects;
  /** A fired Debounce node and the value it passes on, instead of starting at triggers. */
  resumeAt?: { nodeId: string; value: unknown; count: number };
}

export interface WalkOutcome {
  steps: StepResult[];
  /** Nodes reached but not run because their branch stopped earlier are absent. */
  status: "succeeded" | "stopped" | "waiting" | "failed";
  retry: boolean;
}

function scopeFor(input: WalkInput, payload: unknown): TemplateScope {
  return {
    event: {
      id: input.event.providerEventId,
      type: input.event.type,
      objectId: input.event.objectId,
      provider: input.event.provider,
      receivedAt: input.event.receivedAt.toISOString(),
    },
    payload,
    connection: input.connection ? { id: input.connection.connectionId, metadata: input.connection.metadata } : null,
  };
}

function topologicalOrder(graph: ParsedGraph, starts: string[]): string[] {
  const reachable = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    stack.push(...(graph.children.get(id) ?? []));
  }
  const indegree = new Map<string, number>([...reachable].map((id) => [id, 0]));
  for (const id of reachable) for (const c of graph.children.get(id) ?? []) indegree.set(c, (indegree.get(c) ?? 0) + 1);
  const queue = [...reachable].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    order.push(id);
    for (const c of graph.children.get(id) ?? []) {
      const d = indegree.get(c)! - 1;
      indegree.set(c, d);
      if (d === 0) queue.push(c);
    }
  }
  return order;
}

function newStep(node: ParsedNode, input: unknown, attempts: number): StepResult {
  return {
    nodeId: node.id,
    type: node.type,
    status: "succeeded",
    input,
    output: undefined,
    messages: [],
    functionLogs: [],
    proxyCalls: [],
    durationMs: 0,
    attempts,
  };
}

function functionInput(input: WalkInput, payload: unknown): FunctionInput {
  return {
    event: {
      type: input.event.type,
      payload,
      provider: input.event.provider,
      receivedAt: input.event.receivedAt.toISOString(),
      id: input.event.providerEventId,
      objectId: input.event.objectId,
    },
    connection: input.connection
      ? { id: input.connection.connectionId, metadata: input.connection.metadata, endUser: input.connection.endUser }
      : null,
  };
}

async function runNode(input: WalkInput, node: ParsedNode, value: unknown, step: StepResult): Promise<StepSideEffect | undefined> {
  const { effects } = input;
  switch (node.type) {
    case "trigger":
      step.output = value;
      step.messages.push({ level: "info", message: `Matched ${input.event.type}` });
      return undefined;
    case "filter": {
      const outcome = evaluateFilter(node.data, scopeFor(input, value));
      step.messages.push({ level: "info", message: outcome.reason });
      step.status = outcome.pass ? "succeeded" : "stopped";
      step.output = outcome.pass ? value : undefined;
      return undefined;
    }
    case "debounce": {
      const key = renderText(node.data.key, scopeFor(input, value));
      if (effects.dryRun) {
        step.messages.push({
          level: "info",
          message: `Would wait ${node.data.windowMs} ms of quiet for key "${key}"; a test run passes this event on alone`,
        });
        step.output = debounceOutput(node.data.mode, [value]);
        return undefined;
      }
      step.status = "waiting";
      step.messages.push({ level: "info", message: `Waiting for key "${key}" to be quiet for ${node.data.windowMs} ms` });
      return { kind: "debounce", node, key, value };
    }
    case "function":
      return runFunctionNode(input, node, value, step);
    case "forward": {
      const url = node.data.url ?? effects.defaultForwardUrl();
      if (!url) {
        step.status = "failed";
        step.error = "No forward URL: set the environment's forward URL in Settings (or one on this node), then replay";
        return undefined;
      }
      let body: unknown;
      try {
        body = node.data.bodyTemplate ? renderJsonTemplate(node.data.bodyTemplate, scopeFor(input, value)) : effects.forwardBody(value);
      } catch (error) {
        step.status = "failed";
        step.error = `The body template is not valid JSON: ${(error as Error).message}`;
        return undefined;
      }
      step.output = body;
      step.wouldForward = { url, body };
      step.messages.push({ level: "info", message: effects.dryRun ? `Would forward to ${url}` : `Forward queued to ${url}` });
      return { kind: "forward", url, body };
    }
    case "sync": {
      if (node.data.mode === "trigger") {
        step.status = "stopped";
        step.messages.push({
          level: "warn",
          message: `Triggering sync "${node.data.sync}" is not available yet (it comes with Syncs); nothing was done`,
        });
        return undefined;
      }
      const objects = Array.isArray(value) ? value : [value];
      await effects.saveRecords(node.id, node.data.model, objects, step);
      step.output = value;
      return undefined;
    }
  }
}

async function runFunctionNode(
  input: WalkInput,
  node: Extract<ParsedNode, { type: "function" }>,
  value: unknown,
  step: StepResult,
): Promise<undefined> {
  const data: NodeData<"function"> = node.data;
  const result = await runFunction({
    code: data.code,
    input: functionInput(input, value),
    timeoutMs: data.timeoutMs,
    memoryMb: data.memoryMb,
    host: input.effects.functionHost(node.id, step),
  });
  step.functionLogs = result.logs;
  if (result.ok) {
    if (result.value === undefined) {
      step.status = "stopped";
      step.messages.push({ level: "info", message: "The Function returned undefined: this branch stops here" });
    } else {
      step.output = result.value;
    }
    return undefined;
  }
  step.status = "failed";
  step.error = result.stack ? `${result.message}\n${result.stack.split("\n").slice(1).join("\n")}`.trim() : result.message;
  return undefined;
}

export async function walkGraph(input: WalkInput): Promise<WalkOutcome> {
  const { graph, effects } = input;
  const inputs = new Map<string, unknown>();
  let starts: string[];
  if (input.resumeAt) {
    starts = [input.resumeAt.nodeId];
  } else {
    starts = graph.triggers
      .filter((t) => t.type === "trigger" && matchesAnyEventType(t.data.eventTypes, input.event.type))
      .map((t) => t.id);
    for (const id of starts) inputs.set(id, input.event.payload);
  }
  const steps: StepResult[] = [];
  let retry = false;
  for (const id of topologicalOrder(graph, starts)) {
    const node = graph.nodes.get(id)!;
    const previous = effects.previousStep(id);
    let step: StepResult;
    if (previous && previous.status !== "failed") {
      // Finished by an earlier attempt of this run: its side effects happened, keep its outcome.
      step = { ...newStep(node, inputs.get(id), previous.attempts), status: previous.status, output: previous.output };
    } else if (input.resumeAt?.nodeId === id) {
      step = newStep(node, input.resumeAt.value, 1);
      step.output = input.resumeAt.value;
      step.messages.push({
        level: "info",
        message: `Key was quiet: passing on ${input.resumeAt.count} event${input.resumeAt.count === 1 ? "" : "s"}`,
      });
      await effects.commitStep(step);
    } else if (inputs.has(id)) {
      const value = inputs.get(id);
      step = newStep(node, value, (previous?.attempts ?? 0) + 1);
      const started = performance.now();
      let effect: StepSideEffect | undefined;
      try {
        effect = await runNode(input, node, value, step);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        step.status = "failed";
        step.error = error.message;
      }
      step.durationMs = Math.round((performance.now() - started) * 1000) / 1000;
      if (step.status === "failed") {
        step.messages.push({ level: "error", message: step.error ?? "Failed" });
        const retries = node.type === "function" ? node.data.retries : 0;
        if (!effects.dryRun && step.attempts <= retries) {
          step.messages.push({ level: "warn", message: `Attempt ${step.attempts} of ${retries + 1} failed; retrying` });
          retry = true;
        }
      }
      await effects.commitStep(step, step.status === "failed" ? undefined : effect);
    } else {
      continue;
    }
    steps.push(step);
    if (step.status === "succeeded") {
      for (const child of graph.children.get(id) ?? []) if (!inputs.has(child)) inputs.set(child, step.output);
    }
  }
  const leaves = steps.filter((s) => (graph.children.get(s.nodeId) ?? []).length === 0);
  const status = steps.some((s) => s.status === "failed")
    ? "failed"
    : steps.some((s) => s.status === "waiting")
      ? "waiting"
      : leaves.some((s) => s.status === "succeeded")
        ? "succeeded"
        : "stopped";
  return { steps, status, retry };
}
