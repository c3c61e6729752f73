// Shapes shared by the editor's parts.

export interface NodeError {
  nodeId: string | null;
  message: string;
}

export interface NodeRunResult {
  nodeId: string;
  status: string;
  input?: unknown;
  output?: unknown;
  logs?: unknown[];
  durationMs?: number;
  error?: unknown;
  wouldForward?: unknown;
  proxyCalls?: unknown[];
}
