"use client";

import { useEffect, useRef } from "react";
import { LazyCodeEditor } from "./code-editor-lazy";

/** A Function's code in Monaco, in a large modal; edits go straight into the draft. */
export function CodeDialog({
  nodeId,
  code,
  lib,
  errors,
  onChange,
  onClose,
  readOnly = false,
}: {
  nodeId: string;
  code: string;
  lib: string;
  errors?: string[];
  onChange?: (code: string) => void;
  onClose: () => void;
  readOnly?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog code-dialog" aria-labelledby="code-dialog-title" onClose={onClose} data-testid="code-dialog">
      <div className="code-dialog-head">
        <div>
          <h2 id="code-dialog-title">
            Function <span className="mono">{nodeId}</span>
          </h2>
          <p className="muted">
            The default export gets <code>ctx</code> (event, connection, proxy, records, forward, log). Its return value flows to the next
            node; <code>undefined</code> stops the branch.
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => dialog.current?.close()} data-testid="code-dialog-done">
          Done
        </button>
      </div>
      {errors?.length ? (
        <div className="alert alert-error code-dialog-errors" role="alert">
          {errors.join("\n")}
        </div>
      ) : null}
      <div className="code-dialog-editor" data-testid="monaco-host">
        <div className="code-editor-fill">
          <LazyCodeEditor value={code} onChange={onChange} lib={lib} path={nodeId} readOnly={readOnly} />
        </div>
      </div>
    </dialog>
  );
}
