"use client";

import { useId } from "react";

export type SecretChange = { mode: "keep" } | { mode: "replace"; value: string } | { mode: "clear" };

/** What the patch carries for a secret: nothing, a new value, or null to clear it. */
export function secretPatch(change: SecretChange): string | null | undefined {
  if (change.mode === "replace") return change.value || undefined;
  return change.mode === "clear" ? null : undefined;
}

/**
 * A stored secret is never shown: only whether it is set, with Replace and Clear.
 * Replace opens an input for the new value; nothing changes until the form is saved.
 */
export function SecretInput({
  label,
  isSet,
  change,
  onChange,
  hint,
  error,
  name,
}: {
  label: string;
  isSet: boolean;
  change: SecretChange;
  onChange: (change: SecretChange) => void;
  hint?: string;
  error?: string;
  name: string;
}) {
  const id = useId();
  const status =
    change.mode === "clear" ? (
      <span className="badge badge-danger">will be cleared</span>
    ) : isSet ? (
      <span className="badge badge-success">set</span>
    ) : (
      <span className="badge">not set</span>
    );

  return (
    <div className="field" data-testid={`secret-${name}`}>
      <label className="field-label" htmlFor={change.mode === "replace" ? id : undefined} id={`${id}-label`}>
        {label}
      </label>
      <div className="secret-state">
        {status}
        {change.mode === "replace" ? (
          <>
            <input
              id={id}
              name={name}
              className="input"
              type="password"
              autoComplete="off"
              spellCheck={false}
              style={{ flex: "1 1 240px", width: "auto" }}
              value={change.value}
              onChange={(event) => onChange({ mode: "replace", value: event.target.value })}
              placeholder={isSet ? "New value" : "Paste the secret"}
              aria-invalid={error ? true : undefined}
              aria-describedby={hint ? `${id}-hint` : undefined}
              autoFocus
            />
            <button type="button" className="btn btn-sm" onClick={() => onChange({ mode: "keep" })}>
              Cancel
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => onChange({ mode: "replace", value: "" })}
              aria-describedby={`${id}-label`}
            >
              {isSet ? "Replace" : "Set"}
            </button>
            {isSet && change.mode === "keep" ? (
              <button
                type="button"
                className="btn btn-sm btn-danger-outline"
                onClick={() => onChange({ mode: "clear" })}
                aria-describedby={`${id}-label`}
              >
                Clear
              </button>
            ) : null}
            {change.mode === "clear" ? (
              <button type="button" className="btn btn-sm" onClick={() => onChange({ mode: "keep" })}>
                Undo
              </button>
            ) : null}
          </>
        )}
      </div>
      {hint ? (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      ) : null}
      {error ? <div className="field-error">{error}</div> : null}
    </div>
  );
}
