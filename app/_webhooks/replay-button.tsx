"use client";

import { useRef, useState } from "react";
import { errorMessage } from "@/app/_trpc/errors";
import { Spinner } from "@/app/_components/loading";

/**
 * Replay asks first (it sends the events to the backend again, as new messages), but it
 * is not destructive, so its confirmation is a calm primary button rather than a red one.
 */
export function ReplayButton({ disabled, onReplay }: { disabled?: boolean; onReplay: () => Promise<unknown> }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => dialogRef.current?.close();
  const confirm = () => {
    setPending(true);
    setError(null);
    onReplay().then(
      () => {
        setPending(false);
        close();
      },
      (reason: unknown) => {
        setPending(false);
        setError(reason);
      },
    );
  };

  return (
    <>
      <button
        type="button"
        className="btn"
        disabled={disabled}
        title={disabled ? "This webhook is still being processed" : undefined}
        onClick={() => {
          setError(null);
          dialogRef.current?.showModal();
        }}
        data-testid="replay-webhook"
      >
        Replay
      </button>
      <dialog ref={dialogRef} className="dialog" aria-labelledby="replay-title">
        <div className="dialog-body">
          <h2 id="replay-title">Replay this webhook?</h2>
          <p>
            Its events run through the integration&apos;s current pipeline again and are forwarded to your backend as new deliveries, with
            new <code>webhook-id</code> headers. The original deliveries stay as they are.
          </p>
          {error ? (
            <div className="alert alert-error" role="alert">
              {errorMessage(error)}
            </div>
          ) : null}
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={close} disabled={pending} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={confirm}
            disabled={pending}
            aria-busy={pending}
            data-testid="replay-confirm"
          >
            {pending ? (
              <>
                <Spinner />
                Replaying…
              </>
            ) : (
              "Replay"
            )}
          </button>
        </div>
      </dialog>
    </>
  );
}
