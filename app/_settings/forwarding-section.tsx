"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorMessage, fieldErrors } from "@/app/_trpc/errors";
import { TextField } from "@/app/_components/field";
import { SubmitButton } from "@/app/_components/submit-button";
import { SecretValue } from "@/app/_components/secret-value";
import { ConfirmButton } from "@/app/_components/confirm-button";

function ForwardUrlForm({ initial }: { initial: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(initial ?? "");
  const update = useMutation({
    ...trpc.environments.update.mutationOptions(),
    onSuccess: (environment) => {
      queryClient.setQueryData(trpc.environments.current.queryKey(), environment);
      setValue(environment.forwardUrl ?? "");
    },
  });
  const error = update.error ? (fieldErrors(update.error).forwardUrl ?? errorMessage(update.error)) : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate({ forwardUrl: value });
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="forward-url-form">
      <TextField
        label="Forward URL"
        name="forwardUrl"
        type="url"
        inputMode="url"
        placeholder="https://api.example.com/webhooks/switchboard"
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          if (update.isSuccess || update.isError) update.reset();
        }}
        error={error}
        hint="Switchboard POSTs every event here. Leave empty to stop forwarding."
      />
      <div className="form-actions">
        <SubmitButton pending={update.isPending} pendingLabel="Saving…">
          Save forward URL
        </SubmitButton>
        {update.isSuccess ? (
          <span className="muted" role="status">
            Saved
          </span>
        ) : null}
      </div>
    </form>
  );
}

function SigningSecret() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const [rotated, setRotated] = useState(false);
  const options = trpc.environments.revealSigningSecret.queryOptions(undefined, { enabled: revealed, staleTime: Infinity, gcTime: 0 });
  const secret = useQuery(options);
  const rotate = useMutation(trpc.environments.rotateSigningSecret.mutationOptions());

  const hide = () => {
    setRevealed(false);
    queryClient.removeQueries({ queryKey: options.queryKey });
  };

  const confirmRotate = async () => {
    await rotate.mutateAsync();
    queryClient.removeQueries({ queryKey: options.queryKey });
    // The new secret is what the user needs next: show it.
    setRevealed(true);
    setRotated(true);
  };

  return (
    <div className="field">
      <span className="field-label">Signing secret</span>
      <p className="field-hint">
        Forwards follow the Standard Webhooks specification: verify the <code>webhook-signature</code> header with this secret.
      </p>
      <SecretValue
        what="signing secret"
        value={secret.data?.signingSecret}
        revealed={revealed}
        loading={secret.isFetching}
        error={secret.error}
        onReveal={() => (revealed ? void secret.refetch() : setRevealed(true))}
        onHide={hide}
        testId="signing-secret"
      />
      {rotated ? (
        <div className="alert alert-success" role="status">
          Signing secret rotated. Forwards are now signed with the new secret; update your backend&apos;s verifier.
        </div>
      ) : null}
      <div>
        <ConfirmButton
          label="Rotate signing secret"
          title="Rotate the signing secret?"
          description="Forwards are signed with the new secret from now on. Your backend rejects them until you give it the new secret."
          confirmLabel="Rotate secret"
          pendingLabel="Rotating…"
          onConfirm={confirmRotate}
          testId="rotate-signing-secret"
        />
      </div>
    </div>
  );
}

export function ForwardingSection({ forwardUrl }: { forwardUrl: string | null }) {
  return (
    <section className="card" id="forwarding" aria-labelledby="forwarding-heading">
      <div className="card-section">
        <div>
          <h2 id="forwarding-heading">Forwarding</h2>
          <p className="muted">Where Switchboard delivers verified, attributed events for this environment.</p>
        </div>
        <ForwardUrlForm initial={forwardUrl} />
      </div>
      <div className="card-section">
        <SigningSecret />
      </div>
    </section>
  );
}
