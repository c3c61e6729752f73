"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { FORWARD_TIMEOUT_MAX_MS, FORWARD_TIMEOUT_MIN_MS } from "@/server/environments/environments.schema";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorMessage, fieldErrors } from "@/app/_trpc/errors";
import { TextField } from "@/app/_components/field";
import { SubmitButton } from "@/app/_components/submit-button";
import { SecretValue } from "@/app/_components/secret-value";
import { ConfirmButton } from "@/app/_components/confirm-button";

type EnvironmentDto = inferRouterOutputs<AppRouter>["environments"]["current"];
type ForwardingSettings = Pick<EnvironmentDto, "forwardUrl" | "unattributedPolicy" | "forwardTimeoutMs" | "allowPrivateForwardUrls">;

const TIMEOUT_RANGE = `a whole number of seconds from ${FORWARD_TIMEOUT_MIN_MS / 1000} to ${FORWARD_TIMEOUT_MAX_MS / 1000}`;

const UNATTRIBUTED_CHOICES = [
  { value: "forward", label: "Forward them", detail: "(with connectionId null)" },
  { value: "drop", label: "Drop them", detail: "(each stays in Logs, marked dropped)" },
] as const;

/** The timeout field's seconds as milliseconds, or null when they are out of range. */
function timeoutMs(seconds: string): number | null {
  const value = Number(seconds.trim());
  const ms = value * 1000;
  return seconds.trim() !== "" && Number.isInteger(value) && ms >= FORWARD_TIMEOUT_MIN_MS && ms <= FORWARD_TIMEOUT_MAX_MS ? ms : null;
}

function ForwardingForm({ initial }: { initial: ForwardingSettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [url, setUrl] = useState(initial.forwardUrl ?? "");
  const [policy, setPolicy] = useState(initial.unattributedPolicy);
  const [timeout, setTimeoutSeconds] = useState(String(initial.forwardTimeoutMs / 1000));
  const [allowPrivate, setAllowPrivate] = useState(initial.allowPrivateForwardUrls);
  const [timeoutError, setTimeoutError] = useState<string>();
  const update = useMutation({
    ...trpc.environments.update.mutationOptions(),
    onSuccess: (environment) => {
      queryClient.setQueryData(trpc.environments.current.queryKey(), environment);
      setUrl(environment.forwardUrl ?? "");
    },
  });
  const serverErrors = update.error ? fieldErrors(update.error) : {};
  const formError = update.error && Object.keys(serverErrors).length === 0 ? errorMessage(update.error) : undefined;
  // Any change makes "Saved" (or an earlier error) stale.
  const edited = () => {
    if (update.isSuccess || update.isError) update.reset();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const forwardTimeoutMs = timeoutMs(timeout);
    setTimeoutError(forwardTimeoutMs === null ? `Enter ${TIMEOUT_RANGE}` : undefined);
    if (forwardTimeoutMs === null) return;
    update.mutate({ forwardUrl: url, unattributedPolicy: policy, forwardTimeoutMs, allowPrivateForwardUrls: allowPrivate });
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="forwarding-form">
      <TextField
        label="Forward URL"
        name="forwardUrl"
        type="url"
        inputMode="url"
        placeholder="https://api.example.com/webhooks/switchboard"
        value={url}
        onChange={(event) => {
          setUrl(event.target.value);
          edited();
        }}
        error={serverErrors.forwardUrl}
        hint="Switchboard POSTs every event here. Leave empty to stop forwarding."
      />
      <fieldset className="choices">
        <legend className="field-label">Events that match no connection</legend>
        {UNATTRIBUTED_CHOICES.map((choice) => (
          <label key={choice.value}>
            <input
              type="radio"
              name={`${id}-unattributed`}
              value={choice.value}
              checked={policy === choice.value}
              onChange={() => {
                setPolicy(choice.value);
                edited();
              }}
            />
            <span>
              {choice.label} <span className="muted">{choice.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <TextField
        label="Timeout"
        name="forwardTimeoutSeconds"
        inputMode="numeric"
        style={{ maxWidth: 120 }}
        value={timeout}
        onChange={(event) => {
          setTimeoutSeconds(event.target.value);
          setTimeoutError(undefined);
          edited();
        }}
        error={timeoutError ?? (serverErrors.forwardTimeoutMs ? `Enter ${TIMEOUT_RANGE}` : undefined)}
        hint="Seconds to wait for your backend's answer; a forward that times out is retried."
      />
      <div className="field">
        <label className="checkbox">
          <input
            type="checkbox"
            name="allowPrivateForwardUrls"
            checked={allowPrivate}
            aria-describedby={`${id}-private-hint`}
            onChange={(event) => {
              setAllowPrivate(event.target.checked);
              edited();
            }}
          />
          Allow forward URLs on localhost and private networks
        </label>
        <div id={`${id}-private-hint`} className="field-hint">
          For a backend on your own machine or network. While this is off, forwards, and the calls made to providers for a connection, are
          refused when their host resolves to a loopback or private address, so that they cannot reach services inside your network. On by
          default in dev, off in prod.
        </div>
      </div>
      {formError ? (
        <div className="alert alert-error" role="alert">
          {formError}
        </div>
      ) : null}
      <div className="form-actions">
        <SubmitButton pending={update.isPending} pendingLabel="Saving…">
          Save forwarding settings
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

export function ForwardingSection({ environment }: { environment: EnvironmentDto }) {
  return (
    <section className="card" id="forwarding" aria-labelledby="forwarding-heading">
      <div className="card-section">
        <div>
          <h2 id="forwarding-heading">Forwarding</h2>
          <p className="muted">Where Switchboard delivers verified, attributed events for this environment.</p>
        </div>
        <ForwardingForm initial={environment} />
      </div>
      <div className="card-section">
        <SigningSecret />
      </div>
    </section>
  );
}
