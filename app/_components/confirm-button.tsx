"use client";

import { useRef, useState, type ReactNode } from "react";
import { errorMessage } from "@/app/_trpc/errors";
import { Spinner } from "./loading";

/**
 * A button that asks before doing something destructive. The native <dialog> gives
 * focus trapping, Escape to cancel and an inert page behind it.
 */
export function ConfirmButton({
  label,
  title,
  description,
  confirmLabel,
  pendingLabel,
  onConfirm,
  buttonClassName = "btn btn-danger-outline",
  confirmClassName = "btn btn-danger",
  disabled,
  buttonTitle,
  testId,
  confirmTestId,
}: {
  label: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  /** Resolves when done (the dialog closes) or rejects (the error is shown in the dialog). */
  onConfirm: () => Promise<unknown>;
  buttonClassName?: string;
  confirmClassName?: string;
  disabled?: boolean;
  buttonTitle?: string;
  testId?: string;
  confirmTestId?: string;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const open = () => {
    setError(null);
    dialogRef.current?.showModal();
  };

  const close = () => dialogRef.current?.close();

  const confirm = () => {
    setPending(true);
    setError(null);
    onConfirm().then(
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
      <button type="button" className={buttonClassName} disabled={disabled} title={buttonTitle} onClick={open} data-testid={testId}>
        {label}
      </button>
      <dialog ref={dialogRef} className="dialog" aria-labelledby={testId ? `${testId}-title` : undefined}>
        <div className="dialog-body">
          <h2 id={testId ? `${testId}-title` : undefined}>{title}</h2>
          <p>{description}</p>
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
            className={confirmClassName}
            onClick={confirm}
            disabled={pending}
            aria-busy={pending}
            data-testid={confirmTestId}
          >
            {pending ? (
              <>
                <Spinner />
                {pendingLabel}
              </>
            ) : (
              confirmLabel
            )}
          </button>
        </div>
      </dialog>
    </>
  );
}
