import type { ReactNode } from "react";
import { Spinner } from "./loading";

/** A form's submit button: disabled with progress while the request runs. */
export function SubmitButton({
  pending,
  pendingLabel,
  children,
  variant = "primary",
  className,
  testId,
}: {
  pending: boolean;
  pendingLabel: string;
  children: ReactNode;
  variant?: "primary" | "secondary" | "danger";
  className?: string;
  testId?: string;
}) {
  const variantClass = variant === "secondary" ? "" : `btn-${variant}`;
  return (
    <button type="submit" className={`btn ${variantClass} ${className ?? ""}`} disabled={pending} aria-busy={pending} data-testid={testId}>
      {pending ? (
        <>
          <Spinner />
          {pendingLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}
