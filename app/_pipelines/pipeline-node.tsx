"use client";

import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { kindInfo, summarize, type GraphNode, type NodeKind } from "./graph";
import { useOverlay } from "./overlay";
import { KindIcon } from "./kind-icon";
import { statusTone } from "./run-status";

export type FlowNode = Node<Record<string, unknown>, NodeKind>;

function PipelineNodeView({ id, type, data, selected }: NodeProps<FlowNode>) {
  const { errors, results } = useOverlay();
  const nodeErrors = errors.get(id);
  const result = results.get(id);
  const graphNode = { id, type, data, position: { x: 0, y: 0 } } as GraphNode;
  const hasInput = type !== "trigger";
  const hasOutput = type !== "forward" && type !== "sync";
  return (
    <div
      className={`pnode pnode-${type}${selected ? " is-selected" : ""}${nodeErrors ? " has-error" : ""}`}
      data-testid={`node-${id}`}
      data-kind={type}
      data-status={result?.status}
    >
      {hasInput ? <Handle type="target" position={Position.Left} className="pnode-handle" aria-label={`Input of ${id}`} /> : null}
      <div className="pnode-head">
        <span className={`pnode-icon kind-${type}`}>
          <KindIcon kind={type} />
        </span>
        <span className="pnode-title">{kindInfo[type].label}</span>
        <span className="pnode-id">{id}</span>
      </div>
      <div className="pnode-summary" title={summarize(graphNode)}>
        {summarize(graphNode)}
      </div>
      {result ? (
        <div className="pnode-result">
          <span className={`badge badge-${statusTone(result.status)}`} data-testid={`node-status-${id}`}>
            {result.status}
          </span>
          {typeof result.durationMs === "number" ? <span className="faint">{result.durationMs.toFixed(1)} ms</span> : null}
        </div>
      ) : null}
      {nodeErrors ? (
        <div className="pnode-error" data-testid={`node-error-${id}`}>
          {nodeErrors.join(" · ")}
        </div>
      ) : null}
      {hasOutput ? <Handle type="source" position={Position.Right} className="pnode-handle" aria-label={`Output of ${id}`} /> : null}
    </div>
  );
}

export const PipelineNode = memo(PipelineNodeView);
