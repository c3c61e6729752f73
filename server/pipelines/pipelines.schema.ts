import { z } from "zod";

// The pipeline graph: a client contract (GET|PUT /api/v1/integrations/{key}/pipeline and
// what the editor saves), in React Flow's own node and edge shape. Imported by client
// code too, so nothing here may import server-only modules.

export const nodeTypes = ["trigger", "filter", "debounce", "function", "forward", "sync"] as const;
export type PipelineNodeType = (typeof nodeTypes)[number];

export const DEFAULT_DEBOUNCE_KEY = "{{connection.id}}:{{event.objectId}}";
export const DEFAULT_FUNCTION_TIMEOUT_MS = 30_000;
export const DEFAULT_FUNCTION_MEMORY_MB = 128;

const eventTypePattern = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((p) => !p.slice(0, -1).includes("*"), "a wildcard may only end a pattern (`prefix.*`, `orders/*`, `*`)");

export const triggerDataSchema = z.object({
  eventTypes: z.array(eventTypePattern).min(1, "needs at least one event type"),
});

export const filterOps = ["eq", "neq", "exists", "contains", "gt", "lt", "matches"] as const;
export type FilterOp = (typeof filterOps)[number];

export const filterConditionSchema = z
  .object({
    path: z.string().min(1, "must not be empty").max(500).meta({
      description: "Dotted path; `event.`, `payload.` and `connection.` address those, anything else is read from the payload",
    }),
    op: z.enum(filterOps),
    value: z.unknown().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.op === "matches") {
      if (typeof c.value !== "string") {
        ctx.addIssue({ code: "custom", message: "`matches` needs a regular expression string as value", path: ["value"] });
        return;
      }
      try {
        new RegExp(c.value);
      } catch {
        ctx.addIssue({ code: "custom", message: `not a valid regular expression: ${c.value}`, path: ["value"] });
      }
    }
  });
export type FilterCondition = z.output<typeof filterConditionSchema>;

export const filterDataSchema = z.object({
  conditions: z.array(filterConditionSchema).min(1, "needs at least one condition"),
  combinator: z.enum(["and", "or"]).default("and"),
});

export const debounceDataSchema = z
  .object({
    key: z.string().min(1).max(500).default(DEFAULT_DEBOUNCE_KEY),
    windowMs: z.int().min(10, "must be at least 10 ms").max(86_400_000, "must be at most a day"),
    maxWaitMs: z
      .int()
      .min(10)
      .max(7 * 86_400_000)
      .optional(),
    mode: z.enum(["latest", "batch"]).default("latest"),
  })
  .refine((d) => d.maxWaitMs === undefined || d.maxWaitMs >= d.windowMs, {
    message: "maxWaitMs must be at least windowMs",
    path: ["maxWaitMs"],
  });

export const functionDataSchema = z.object({
  code: z.string().min(1, "must not be empty").max(200_000),
  timeoutMs: z.int().min(10).max(300_000).default(DEFAULT_FUNCTION_TIMEOUT_MS),
  memoryMb: z.int().min(8).max(1024).default(DEFAULT_FUNCTION_MEMORY_MB),
  /** Extra attempts after a failure (throw, timeout) before the run fails. */
  retries: z.int().min(0).max(10).default(0),
});

export const forwardDataSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }).optional(),
  /** JSON with `{{path}}` placeholders (a string that is only a placeholder takes the value itself). */
  bodyTemplate: z.string().max(100_000).optional(),
});

export const syncDataSchema = z.object({
  sync: z.string().min(1, "must not be empty").max(100),
  model: z.string().min(1, "must not be empty").max(100),
  mode: z.enum(["save", "trigger"]).default("save"),
});

export const nodeDataSchemas = {
  trigger: triggerDataSchema,
  filter: filterDataSchema,
  debounce: debounceDataSchema,
  function: functionDataSchema,
  forward: forwardDataSchema,
  sync: syncDataSchema,
} as const satisfies Record<PipelineNodeType, z.ZodType>;

export type NodeData<T extends PipelineNodeType> = z.output<(typeof nodeDataSchemas)[T]>;

const positionSchema = z.object({ x: z.number(), y: z.number() });

/**
 * A node as stored. `data` is checked per type by `validateGraph` (so that errors name the
 * node); React Flow's own extra fields (measured, selected, …) are accepted and kept.
 */
export const pipelineNodeSchema = z.looseObject({
  id: z.string().min(1).max(100),
  type: z.enum(nodeTypes),
  position: positionSchema,
  data: z.record(z.string(), z.unknown()),
});

export const pipelineEdgeSchema = z.looseObject({
  id: z.string().min(1).max(200),
  source: z.string().min(1),
  target: z.string().min(1),
  sourceHandle: z.string().nullish(),
  targetHandle: z.string().nullish(),
});

export const pipelineGraphSchema = z
  .object({
    nodes: z.array(pipelineNodeSchema).max(200, "at most 200 nodes"),
    edges: z.array(pipelineEdgeSchema).max(1000, "at most 1000 edges"),
  })
  .meta({ id: "PipelineGraph", description: "A pipeline graph in React Flow's node and edge shape" });

export type PipelineGraph = z.output<typeof pipelineGraphSchema>;
export type PipelineGraphNode = z.output<typeof pipelineNodeSchema>;
export type PipelineGraphEdge = z.output<typeof pipelineEdgeSchema>;

/** A node with its data parsed for its type (what the executor works with). */
export type ParsedNode = {
  [T in PipelineNodeType]: { id: string; type: T; data: NodeData<T> };
}[PipelineNodeType];

export interface GraphError {
  nodeId: string | null;
  message: string;
}

export interface GraphValidation {
  ok: boolean;
  errors: GraphError[];
}

export interface PipelineVersionView {
  id: string;
  number: number;
  graph: PipelineGraph;
  message: string | null;
  createdAt: Date;
  createdBy: string | null;
  active: boolean;
}

export interface PipelineView {
  integrationKey: string;
  activeVersion: PipelineVersionView | null;
}

export interface PipelineVersionSummary {
  id: string;
  number: number;
  message: string | null;
  createdAt: Date;
  createdBy: string | null;
  active: boolean;
}

export const testEventSchema = z.object({
  type: z.string().min(1).max(200),
  payload: z.unknown(),
  connectionId: z.string().min(1).max(200).optional().meta({ description: "The customer's id of a connection of this integration" }),
});
export type TestEvent = z.output<typeof testEventSchema>;

export interface ProxyCallView {
  method: string;
  endpoint: string;
  status: number | null;
  durationMs: number;
  error?: string;
  /** False in a test run without "send for real": the call was not made. */
  sent: boolean;
}

export interface FunctionLogLine {
  level: "info" | "warn" | "error";
  message: string;
  at: string;
}

export type NodeRunStatus = "succeeded" | "stopped" | "waiting" | "failed" | "skipped";

export interface TestNodeResult {
  nodeId: string;
  status: NodeRunStatus;
  input: unknown;
  output: unknown;
  logs: FunctionLogLine[];
  durationMs: number;
  error?: string;
  wouldForward?: { url: string; body: unknown };
  proxyCalls?: ProxyCallView[];
}

export interface TestRunResult {
  nodes: TestNodeResult[];
}
