import type { GraphNode, PipelineGraph } from "./graph";

export type DiffLine = { kind: "same" | "added" | "removed"; text: string; oldLine?: number; newLine?: number };

/**
 * A line diff from the longest common subsequence (O(n·m) table). Function code is
 * short; past a size where the table would be large, fall back to remove-all/add-all.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length * b.length > 4_000_000) {
    return [
      ...a.map((text, i): DiffLine => ({ kind: "removed", text, oldLine: i + 1 })),
      ...b.map((text, i): DiffLine => ({ kind: "added", text, newLine: i + 1 })),
    ];
  }
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], flattened.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[at(i, j)] = a[i] === b[j] ? lcs[at(i + 1, j + 1)]! + 1 : Math.max(lcs[at(i + 1, j)]!, lcs[at(i, j + 1)]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: "same", text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (lcs[at(i + 1, j)]! >= lcs[at(i, j + 1)]!) {
      out.push({ kind: "removed", text: a[i]!, oldLine: i + 1 });
      i++;
    } else {
      out.push({ kind: "added", text: b[j]!, newLine: j + 1 });
      j++;
    }
  }
  for (; i < n; i++) out.push({ kind: "removed", text: a[i]!, oldLine: i + 1 });
  for (; j < m; j++) out.push({ kind: "added", text: b[j]!, newLine: j + 1 });
  return out;
}

export interface NodeChange {
  id: string;
  type: GraphNode["type"];
  /** Config keys whose values differ (position is not a change). */
  fields: string[];
  code?: DiffLine[];
}

export interface GraphDiff {
  added: GraphNode[];
  removed: GraphNode[];
  changed: NodeChange[];
  edgesAdded: string[];
  edgesRemoved: string[];
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}

export function diffGraphs(before: PipelineGraph, after: PipelineGraph): GraphDiff {
  const old = new Map(before.nodes.map((node) => [node.id, node]));
  const now = new Map(after.nodes.map((node) => [node.id, node]));
  const changed: NodeChange[] = [];
  for (const node of after.nodes) {
    const previous = old.get(node.id);
    if (!previous) continue;
    const fields = new Set<string>();
    if (previous.type !== node.type) fields.add("type");
    const a = previous.data as Record<string, unknown>;
    const b = node.data as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) if (stable(a[key]) !== stable(b[key])) fields.add(key);
    if (fields.size === 0) continue;
    const change: NodeChange = { id: node.id, type: node.type, fields: [...fields] };
    if (fields.has("code") && typeof a.code === "string" && typeof b.code === "string") change.code = diffLines(a.code, b.code);
    changed.push(change);
  }
  const edgeKey = (edge: { source: string; target: string }) => `${edge.source} → ${edge.target}`;
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    added: after.nodes.filter((node) => !old.has(node.id)),
    removed: before.nodes.filter((node) => !now.has(node.id)),
    changed,
    edgesAdded: [...newEdges].filter((edge) => !oldEdges.has(edge)),
    edgesRemoved: [...oldEdges].filter((edge) => !newEdges.has(edge)),
  };
}
