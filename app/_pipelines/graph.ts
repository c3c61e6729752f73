// The pipeline graph as the editor holds it: React Flow's node and edge shape, with the
// `data` of each node kind as the graph contract in DESIGN.md describes it. Client-safe.

export const nodeKinds = ["trigger", "filter", "debounce", "function", "forward", "sync"] as const;
export type NodeKind = (typeof nodeKinds)[number];

export const filterOps = ["eq", "neq", "exists", "contains", "gt", "lt", "matches"] as const;
export type FilterOp = (typeof filterOps)[number];

export interface FilterCondition {
  path: string;
  op: FilterOp;
  value?: unknown;
}

export interface NodeDataByKind {
  trigger: { eventTypes: string[] };
  filter: { conditions: FilterCondition[]; combinator: "and" | "or" };
  debounce: { key: string; windowMs: number; maxWaitMs: number; mode: "latest" | "batch" };
  function: { code: string; timeoutMs: number; memoryMb: number };
  forward: { url?: string; bodyTemplate?: string };
  sync: { sync: string; model: string; mode: "save" | "trigger" };
}

export type GraphNode = {
  [K in NodeKind]: { id: string; type: K; position: { x: number; y: number }; data: NodeDataByKind[K] };
}[NodeKind];

export type GraphEdge = {
  id: string;
  source: string;
  target: string;
};

export type PipelineGraph = {
  nodes: GraphNode[];
  edges: GraphEdge[];
};

export const kindInfo: Record<NodeKind, { label: string; description: string; prefix: string }> = {
  trigger: { label: "Webhook trigger", description: "Starts the flow for matching event types", prefix: "t" },
  filter: { label: "Filter", description: "Passes events that match conditions", prefix: "fl" },
  debounce: { label: "Debounce", description: "Waits until a key is quiet", prefix: "d" },
  function: { label: "Function", description: "Runs your TypeScript", prefix: "fn" },
  forward: { label: "Forward", description: "Delivers to your backend, signed", prefix: "w" },
  sync: { label: "Sync", description: "Writes records into a Sync", prefix: "s" },
};

export const DEFAULT_FUNCTION_CODE = `export default async function (ctx: Context) {
  ctx.log.info("received", ctx.event.type);
  return ctx.event.payload;
}
`;

export function defaultData<K extends NodeKind>(kind: K): NodeDataByKind[K] {
  const defaults: NodeDataByKind = {
    trigger: { eventTypes: ["*"] },
    filter: { conditions: [{ path: "payload.", op: "eq", value: "" }], combinator: "and" },
    debounce: { key: "{{connection.id}}:{{event.objectId}}", windowMs: 5000, maxWaitMs: 60000, mode: "latest" },
    function: { code: DEFAULT_FUNCTION_CODE, timeoutMs: 30000, memoryMb: 128 },
    forward: {},
    sync: { sync: "", model: "", mode: "save" },
  };
  return structuredClone(defaults[kind]);
}

export function newNodeId(kind: NodeKind, taken: Iterable<string>): string {
  const used = new Set(taken);
  const prefix = kindInfo[kind].prefix;
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === "string" && (nodeKinds as readonly string[]).includes(value);
}

/** What the Switchboard default does when an integration has no pipeline: forward every event. */
export function starterGraph(): PipelineGraph {
  return {
    nodes: [
      { id: "t1", type: "trigger", position: { x: 0, y: 0 }, data: { eventTypes: ["*"] } },
      { id: "w1", type: "forward", position: { x: 280, y: 0 }, data: {} },
    ],
    edges: [{ id: "e-t1-w1", source: "t1", target: "w1" }],
  };
}

/** A one-line summary of a node's config, shown on the canvas. */
export function summarize(node: GraphNode): string {
  switch (node.type) {
    case "trigger":
      return node.data.eventTypes.length ? node.data.eventTypes.join(", ") : "no event types";
    case "filter": {
      const n = node.data.conditions.length;
      return n === 0 ? "no conditions" : `${n} condition${n === 1 ? "" : "s"} (${node.data.combinator})`;
    }
    case "debounce":
      return `${node.data.mode}, ${formatMs(node.data.windowMs)} window`;
    case "function": {
      const lines = node.data.code.split("\n").length;
      return `${lines} line${lines === 1 ? "" : "s"} · ${formatMs(node.data.timeoutMs)} · ${node.data.memoryMb} MB`;
    }
    case "forward":
      return node.data.url ? node.data.url : "environment forward URL";
    case "sync":
      return node.data.sync ? `${node.data.sync}/${node.data.model || "?"} · ${node.data.mode}` : "not configured";
  }
}

export function formatMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${ms / 1000} s`;
  return `${ms} ms`;
}
