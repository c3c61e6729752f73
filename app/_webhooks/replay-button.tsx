"use client";

import { ConfirmButton } from "@/app/_components/confirm-button";

/**
 * Replay asks first (it sends the events to the backend again, as new messages), but it
 * is not destructive, so its confirmation is a calm primary button rather than a red one.
 */
export function ReplayButton({ disabled, onReplay }: { disabled?: boolean; onReplay: () => Promise<unknown> }) {
  return (
    <ConfirmButton
      label="Replay"
      title="Replay this webhook?"
      description={
        <>
          Its events run through the integration&apos;s current pipeline again and are forwarded to your backend as new deliveries, with new{" "}
          <code>webhook-id</code> headers. The original deliveries stay as they are.
        </>
      }
      confirmLabel="Replay"
      pendingLabel="Replaying…"
      onConfirm={onReplay}
      buttonClassName="btn"
      confirmClassName="btn btn-primary"
      disabled={disabled}
      buttonTitle={disabled ? "This webhook is still being processed" : undefined}
      testId="replay-webhook"
      confirmTestId="replay-confirm"
    />
  );
}
