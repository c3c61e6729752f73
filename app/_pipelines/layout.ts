import { Graph, layout } from "@dagrejs/dagre";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 72;

/** Left-to-right positions for nodes from dagre; edges pointing at unknown nodes are ignored. */
export function autoLayout(
  nodes: ReadonlyArray<{ id: string; measured?: { width?: number; height?: number } }>,
  edges: ReadonlyArray<{ source: string; target: string }>,
): Map<string, { x: number; y: number }> {
  const graph = new Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    graph.setNode(node.id, { width: node.measured?.width ?? NODE_WIDTH, height: node.measured?.height ?? NODE_HEIGHT });
  }
  const ids = new Set(nodes.map((node) => node.id));
  for (const edge of edges) if (ids.has(edge.source) && ids.has(edge.target)) graph.setEdge(edge.source, edge.target);
  layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const placed = graph.node(node.id) as { x: number; y: number; width: number; height: number } | undefined;
    if (placed) positions.set(node.id, { x: placed.x - placed.width / 2, y: placed.y - placed.height / 2 });
  }
  return positions;
}
