import { applyEdgeChanges, applyNodeChanges, type Edge, type EdgeChange, type NodeChange } from "@xyflow/react";
import { defaultData, newNodeId, type GraphNode, type NodeKind, type PipelineGraph } from "./graph";
import type { FlowNode } from "./pipeline-node";
import { autoLayout } from "./layout";

// The editor's graph with its undo history, as one reducer so every change and its
// history entry happen together. Snapshots hold only the graph (no selection or sizes).

interface Snapshot {
  nodes: FlowNode[];
  edges: Edge[];
}

export interface EditorState extends Snapshot {
  past: Snapshot[];
  future: Snapshot[];
  /** Consecutive edits with the same key within a second make one undo step (typing in a field). */
  lastKey: string | null;
  lastAt: number;
}

export type EditorAction =
  | { type: "load"; graph: PipelineGraph }
  | { type: "nodesChange"; changes: NodeChange<FlowNode>[]; at: number }
  | { type: "edgesChange"; changes: EdgeChange[]; at: number }
  | { type: "connect"; source: string; target: string; at: number }
  | { type: "add"; kind: NodeKind; position: { x: number; y: number }; after?: string; at: number }
  | { type: "updateData"; id: string; data: Record<string, unknown>; key: string; at: number }
  | { type: "positions"; positions: Map<string, { x: number; y: number }>; at: number }
  | { type: "checkpoint"; key: string; at: number }
  | { type: "undo" }
  | { type: "redo" };

const HISTORY_LIMIT = 100;
const COALESCE_MS = 1000;

function edgeFor(source: string, target: string): Edge {
  return { id: `e-${source}-${target}`, source, target };
}

export function fromGraph(graph: PipelineGraph): Snapshot {
  return {
    nodes: graph.nodes.map((node) => ({
      id: node.id,
      type: node.type,
      position: { ...node.position },
      data: structuredClone(node.data),
    })),
    edges: graph.edges.map((edge) => ({ id: edge.id, source: edge.source, target: edge.target })),
  };
}

export function toGraph(state: { nodes: FlowNode[]; edges: Edge[] }): PipelineGraph {
  return {
    nodes: state.nodes.map(
      (node) =>
        ({
          id: node.id,
          type: node.type,
          position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
          data: node.data,
        }) as GraphNode,
    ),
    edges: state.edges.map((edge) => ({ id: edge.id, source: edge.source, target: edge.target })),
  };
}

function snapshot(state: EditorState): Snapshot {
  return fromGraph(toGraph(state));
}

/** Records the state before a change as an undo step (unless it continues the last one). */
function remember(state: EditorState, key: string | null, at: number): EditorState {
  if (key !== null && key === state.lastKey && at - state.lastAt < COALESCE_MS) return { ...state, lastAt: at };
  return { ...state, past: [...state.past.slice(-HISTORY_LIMIT + 1), snapshot(state)], future: [], lastKey: key, lastAt: at };
}

export function initialState(graph: PipelineGraph): EditorState {
  return { ...fromGraph(graph), past: [], future: [], lastKey: null, lastAt: 0 };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "load":
      return initialState(action.graph);
    case "nodesChange": {
      const structural = action.changes.some((change) => change.type === "remove" || change.type === "add");
      const base = structural ? remember(state, "delete", action.at) : state;
      return { ...base, nodes: applyNodeChanges(action.changes, base.nodes) };
    }
    case "edgesChange": {
      const structural = action.changes.some((change) => change.type === "remove" || change.type === "add");
      const base = structural ? remember(state, "delete", action.at) : state;
      return { ...base, edges: applyEdgeChanges(action.changes, base.edges) };
    }
    case "connect": {
      if (action.source === action.target) return state;
      if (state.edges.some((edge) => edge.source === action.source && edge.target === action.target)) return state;
      const base = remember(state, null, action.at);
      return { ...base, edges: [...base.edges, edgeFor(action.source, action.target)] };
    }
    case "add": {
      const base = remember(state, null, action.at);
      const id = newNodeId(
        action.kind,
        base.nodes.map((node) => node.id),
      );
      const node: FlowNode = {
        id,
        type: action.kind,
        position: action.position,
        data: defaultData(action.kind),
        selected: true,
      };
      const nodes = [...base.nodes.map((other) => (other.selected ? { ...other, selected: false } : other)), node];
      if (!action.after) return { ...base, nodes };
      // Added after a node: spliced in between it and what it fed (when the new kind passes events on).
      const passesOn = action.kind !== "forward" && action.kind !== "sync";
      const outgoing = passesOn ? base.edges.filter((edge) => edge.source === action.after) : [];
      const edges = [
        ...base.edges.filter((edge) => !outgoing.includes(edge)),
        edgeFor(action.after, id),
        ...outgoing.map((edge) => edgeFor(id, edge.target)),
      ];
      if (outgoing.length === 0) return { ...base, nodes, edges };
      const positions = autoLayout(nodes, edges);
      return { ...base, nodes: nodes.map((other) => ({ ...other, position: positions.get(other.id) ?? other.position })), edges };
    }
    case "updateData": {
      const base = remember(state, action.key, action.at);
      return { ...base, nodes: base.nodes.map((node) => (node.id === action.id ? { ...node, data: action.data } : node)) };
    }
    case "positions": {
      const base = remember(state, null, action.at);
      return {
        ...base,
        nodes: base.nodes.map((node) => {
          const position = action.positions.get(node.id);
          return position ? { ...node, position } : node;
        }),
      };
    }
    case "checkpoint":
      return remember(state, action.key, action.at);
    case "undo": {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return { ...state, ...previous, past: state.past.slice(0, -1), future: [snapshot(state), ...state.future], lastKey: null };
    }
    case "redo": {
      const next = state.future[0];
      if (!next) return state;
      return { ...state, ...next, past: [...state.past, snapshot(state)], future: state.future.slice(1), lastKey: null };
    }
  }
}

/** Stable text of a graph, to tell whether the draft differs from what is saved. */
export function graphFingerprint(graph: PipelineGraph): string {
  return JSON.stringify(graph, (_key, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : value,
  );
}
