import { checkFunctionSource } from "../functions/typecheck";
import {
  nodeDataSchemas,
  pipelineGraphSchema,
  type GraphError,
  type GraphValidation,
  type ParsedNode,
  type PipelineGraph,
} from "./pipelines.schema";

// Graph checks on save, and the parsed form the executor walks. A graph is valid when
// it has a trigger, no cycles, every node is reachable from a trigger, every node's
// config parses for its type and every Function compiles and type-checks.

export interface ParsedGraph {
  nodes: Map<string, ParsedNode>;
  /** Outgoing edges per node, in edge order. */
  children: Map<string, string[]>;
  triggers: ParsedNode[];
}

function describeIssues(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/** Parses what can be parsed and collects every problem, each tied to its node where there is one. */
export function parseGraph(input: unknown): { graph: ParsedGraph | null; raw: PipelineGraph | null; errors: GraphError[] } {
  const structural = pipelineGraphSchema.safeParse(input);
  if (!structural.success) return { graph: null, raw: null, errors: [{ nodeId: null, message: describeIssues(structural.error) }] };
  const raw = structural.data;
  const errors: GraphError[] = [];
  const nodes = new Map<string, ParsedNode>();
  for (const node of raw.nodes) {
    if (nodes.has(node.id)) {
      errors.push({ nodeId: node.id, message: `Duplicate node id ${node.id}` });
      continue;
    }
    const data = nodeDataSchemas[node.type].safeParse(node.data);
    if (!data.success) {
      errors.push({ nodeId: node.id, message: describeIssues(data.error) });
      continue;
    }
    nodes.set(node.id, { id: node.id, type: node.type, data: data.data } as ParsedNode);
  }
  const ids = new Set(raw.nodes.map((n) => n.id));
  const children = new Map<string, string[]>();
  const edgeKeys = new Set<string>();
  for (const edge of raw.edges) {
    if (!ids.has(edge.source) || !ids.has(edge.target)) {
      errors.push({ nodeId: ids.has(edge.source) ? edge.source : null, message: `Edge ${edge.id} points at a missing node` });
      continue;
    }
    const type = raw.nodes.find((n) => n.id === edge.target)?.type;
    if (type === "trigger") {
      errors.push({ nodeId: edge.target, message: "A trigger cannot have incoming connections" });
      continue;
    }
    const key = `${edge.source}\u0000${edge.target}`;
    if (edgeKeys.has(key)) continue;
    edgeKeys.add(key);
    children.set(edge.source, [...(children.get(edge.source) ?? []), edge.target]);
  }
  const triggers = raw.nodes
    .filter((n) => n.type === "trigger")
    .map((n) => nodes.get(n.id))
    .filter((n) => n !== undefined);
  return { graph: { nodes, children, triggers }, raw, errors };
}

/** Node ids that sit on a cycle (depth-first search with colours). */
export function findCycleNodes(ids: Iterable<string>, children: Map<string, string[]>): Set<string> {
  const colour = new Map<string, 0 | 1 | 2>();
  const onCycle = new Set<string>();
  const stack: string[] = [];
  const visit = (id: string) => {
    colour.set(id, 1);
    stack.push(id);
    for (const next of children.get(id) ?? []) {
      const c = colour.get(next) ?? 0;
      if (c === 1) {
        for (let i = stack.lastIndexOf(next); i < stack.length; i++) onCycle.add(stack[i]!);
      } else if (c === 0) {
        visit(next);
      }
    }
    stack.pop();
    colour.set(id, 2);
  };
  for (const id of ids) if ((colour.get(id) ?? 0) === 0) visit(id);
  return onCycle;
}

export function reachableFrom(starts: string[], children: Map<string, string[]>): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    for (const next of children.get(queue.shift()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

export async function validateGraph(input: unknown): Promise<GraphValidation> {
  const { graph, raw, errors } = parseGraph(input);
  if (!graph || !raw) return { ok: false, errors };
  if (raw.nodes.every((n) => n.type !== "trigger")) errors.push({ nodeId: null, message: "A pipeline needs at least one trigger" });
  const cycle = findCycleNodes(
    raw.nodes.map((n) => n.id),
    graph.children,
  );
  for (const id of cycle) errors.push({ nodeId: id, message: "This node is part of a cycle" });
  const reachable = reachableFrom(
    raw.nodes.filter((n) => n.type === "trigger").map((n) => n.id),
    graph.children,
  );
  for (const node of raw.nodes) {
    if (!reachable.has(node.id)) errors.push({ nodeId: node.id, message: "Not reachable from any trigger" });
  }
  await Promise.all(
    [...graph.nodes.values()].map(async (node) => {
      if (node.type !== "function") return;
      for (const p of await checkFunctionSource(node.data.code)) {
        errors.push({ nodeId: node.id, message: `Line ${p.line}:${p.column}: ${p.message}` });
      }
    }),
  );
  return { ok: errors.length === 0, errors };
}
