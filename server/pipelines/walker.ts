import { AppError } from "../lib/errors";
import { runFunction, type FunctionInput, type FunctionLog, type HostHandler } from "../functions/sandbox";
import { debounceOutput } from "./debounce-window";
import { evaluateFilter } from "./filter";
import type { ParsedGraph } from "./graph";
import type { NodeData, NodeRunStatus, ParsedNode, ProxyCallView } from "./pipelines.schema";
import { renderJsonTemplate, renderText, type TemplateScope } from "./template";
import { stepKey } from "./step-ids";
import { matchesAnyEventType } from "./trigger-match";

// Walks a pipeline graph for one event (or from a fired Debounce node), branch by branch
// in edge order. A node runs once per value that reaches it: a node with two incoming
// edges whose parents both pass runs twice, each value flowing on by itself (fan-in
// never merges). Each such run is a step keyed by node and path, so that a resumed run
// finds it again. What a node does to the outside goes through `RunEffects`, so the
// same walk serves real runs (persisted step by step, resumable) and test runs (nothing
// leaves, everything is reported).

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
  /** Which value of the node this is (see `childPath`); empty for a node reached one way only. */
  path: string;
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
  previousStep(nodeId: string, path: string): StoredStep | undefined;
  /** Host for a Function node's ctx calls. */
  functionHost(step: StepResult): HostHandler;
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
  /** Node runs one walk may make (fan-in multiplies them); the default suits every sensible graph. */
  maxSteps?: number;
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

/** How many distinct edges enter each node. */
function incomingCounts(graph: ParsedGraph): Map<string, number> {
  const counts = new Map<string, number>();
  for (const targets of graph.children.values()) for (const t of targets) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/**
 * The path of the value a parent step hands to a child: empty while every node on the way
 * has a single incoming edge (so plain chains and trees keep step keys equal to node ids),
 * else the parent's step key, which names the branch the value came through.
 */
export function childPath(parent: { nodeId: string; path: string }, childIncoming: number): string {
  return childIncoming > 1 || parent.path !== "" ? stepKey(parent.nodeId, parent.path) : "";
}

function newStep(node: ParsedNode, path: string, input: unknown, attempts: number): StepResult {
  return {
    nodeId: node.id,
    path,
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
    host: input.effects.functionHost(step),
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

const MAX_STEPS = 1000;

interface PendingStep {
  nodeId: string;
  path: string;
  value: unknown;
  /** The fired Debounce node a continuation run starts at. */
  resumed?: true;
}

export async function walkGraph(input: WalkInput): Promise<WalkOutcome> {
  const { graph, effects } = input;
  const incoming = incomingCounts(graph);
  const starts: PendingStep[] = input.resumeAt
    ? [{ nodeId: input.resumeAt.nodeId, path: "", value: input.resumeAt.value, resumed: true }]
    : graph.triggers
        .filter((t) => t.type === "trigger" && matchesAnyEventType(t.data.eventTypes, input.event.type))
        .map((t) => ({ nodeId: t.id, path: "", value: input.event.payload }));
  // Depth first: a branch runs to its end before the next one starts.
  const stack = [...starts].reverse();
  const steps: StepResult[] = [];
  let retry = false;
  while (stack.length > 0) {
    const { nodeId: id, path, value, resumed } = stack.pop()!;
    const node = graph.nodes.get(id);
    if (!node) continue;
    const previous = effects.previousStep(id, path);
    let step: StepResult;
    if (steps.length >= (input.maxSteps ?? MAX_STEPS)) {
      // Each fan-in doubles the values below it: a chain of them grows a run without bound.
      step = newStep(node, path, value, (previous?.attempts ?? 0) + 1);
      step.status = "failed";
      step.error = `This run reached ${input.maxSteps ?? MAX_STEPS} node runs and stopped: every node with several incoming edges runs once per value that reaches it, so a chain of them multiplies the values. Merge the branches in one Function instead.`;
      step.messages.push({ level: "error", message: step.error });
      await effects.commitStep(step);
      steps.push(step);
      break;
    } else if (previous && previous.status !== "failed") {
      // Finished by an earlier attempt of this run: its side effects happened, keep its outcome.
      step = { ...newStep(node, path, value, previous.attempts), status: previous.status, output: previous.output };
    } else if (resumed && input.resumeAt) {
      step = newStep(node, path, value, 1);
      step.output = value;
      step.messages.push({
        level: "info",
        message: `Key was quiet: passing on ${input.resumeAt.count} event${input.resumeAt.count === 1 ? "" : "s"}`,
      });
      await effects.commitStep(step);
    } else {
      step = newStep(node, path, value, (previous?.attempts ?? 0) + 1);
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
    }
    steps.push(step);
    if (step.status === "succeeded") {
      const children = graph.children.get(id) ?? [];
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i]!;
        stack.push({ nodeId: child, path: childPath(step, incoming.get(child) ?? 0), value: step.output });
      }
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
