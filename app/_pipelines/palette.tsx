"use client";

import { kindInfo, nodeKinds, type NodeKind } from "./graph";
import { KindIcon } from "./kind-icon";

export const DRAG_TYPE = "application/x-switchboard-node";

/** Node kinds to drag onto the canvas, or click to add (after the selected node, connected). */
export function Palette({ onAdd, disabled }: { onAdd: (kind: NodeKind) => void; disabled: boolean }) {
  return (
    <aside className="palette" aria-label="Add a node">
      <h2 className="palette-title">Nodes</h2>
      <ul>
        {nodeKinds.map((kind) => (
          <li key={kind}>
            <button
              type="button"
              className="palette-item"
              draggable={!disabled}
              disabled={disabled}
              onDragStart={(event) => {
                event.dataTransfer.setData(DRAG_TYPE, kind);
                event.dataTransfer.effectAllowed = "move";
              }}
              onClick={() => onAdd(kind)}
              data-testid={`palette-${kind}`}
              title={kindInfo[kind].description}
            >
              <span className={`pnode-icon kind-${kind}`}>
                <KindIcon kind={kind} />
              </span>
              <span className="palette-text">
                <span className="palette-label">{kindInfo[kind].label}</span>
                <span className="palette-description">{kindInfo[kind].description}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p className="palette-hint">Drag onto the canvas, or click to add after the selected node.</p>
    </aside>
  );
}
