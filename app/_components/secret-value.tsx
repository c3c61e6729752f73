"use client";

import { CopyButton } from "./copy-button";
import { ErrorState } from "./error-state";
import { Spinner } from "./loading";

const MASK = "•".repeat(32);

/** A secret that stays hidden until the user asks for it (the value is fetched only then). */
export function SecretValue({
  what,
  value,
  revealed,
  loading,
  error,
  onReveal,
  onHide,
  testId,
}: {
  what: string;
  value: string | undefined;
  revealed: boolean;
  loading: boolean;
  error: unknown;
  onReveal: () => void;
  onHide: () => void;
  testId?: string;
}) {
  const shown = revealed && value !== undefined;
  return (
    <div className="field">
      <div className="secret-row">
        <code className="copy-value" data-testid={testId} aria-label={shown ? what : `${what} (hidden)`}>
          {shown ? value : MASK}
        </code>
        {shown ? (
          <>
            <CopyButton value={value} what={what} testId={testId ? `${testId}-copy` : undefined} />
            <button type="button" className="btn btn-sm" onClick={onHide}>
              Hide
            </button>
          </>
        ) : (
          <button
            type="button"
            className="btn btn-sm"
            onClick={onReveal}
            disabled={loading}
            aria-label={`Reveal ${what}`}
            data-testid={testId ? `${testId}-reveal` : undefined}
          >
            {loading ? <Spinner /> : null}
            Reveal
          </button>
        )}
      </div>
      {error ? <ErrorState error={error} onRetry={onReveal} /> : null}
    </div>
  );
}
