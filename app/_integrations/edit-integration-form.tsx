"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorMessage, fieldErrors } from "@/app/_trpc/errors";
import { TextAreaField, TextField } from "@/app/_components/field";
import { SubmitButton } from "@/app/_components/submit-button";
import { formatJson } from "@/app/_components/format";
import { SecretInput, secretPatch, type SecretChange } from "./secret-input";
import { parseScopes, parseSettings, settingsErrors } from "./settings-json";
import { clientSecretHint, scopesHint, webhookSecretHint } from "./provider-hints";
import type { Integration, ProviderEntry } from "./types";

/** Edits credentials, scopes and settings. Starts from the saved integration (re-mounted after each save). */
export function EditIntegrationForm({
  integration,
  provider,
  onSaved,
}: {
  integration: Integration;
  provider: ProviderEntry | undefined;
  onSaved: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isCustom = integration.provider === "custom";

  const [clientId, setClientId] = useState(integration.clientId ?? "");
  const [clientSecret, setClientSecret] = useState<SecretChange>({ mode: "keep" });
  const [webhookSecret, setWebhookSecret] = useState<SecretChange>({ mode: "keep" });
  const [scopes, setScopes] = useState(integration.scopes.join(" "));
  const [settings, setSettings] = useState(formatJson(integration.settings));
  const [settingsError, setSettingsError] = useState<string>();

  const update = useMutation({
    ...trpc.integrations.update.mutationOptions(),
    onSuccess: async (saved) => {
      queryClient.setQueryData(trpc.integrations.get.queryKey({ key: saved.key }), saved);
      await queryClient.invalidateQueries({ queryKey: trpc.integrations.list.queryKey() });
      onSaved();
    },
  });
  const errors = fieldErrors(update.error);
  const serverSettingsError = settingsErrors(errors, update.error ? errorMessage(update.error) : undefined);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseSettings(settings);
    if (!parsed.ok) {
      setSettingsError(parsed.message);
      return;
    }
    setSettingsError(undefined);
    update.mutate({
      key: integration.key,
      patch: {
        clientId: clientId.trim() || null,
        clientSecret: secretPatch(clientSecret),
        webhookSecret: secretPatch(webhookSecret),
        scopes: parseScopes(scopes),
        settings: parsed.value,
      },
    });
  };

  const settingsField = (rows: number) => (
    <TextAreaField
      label="Settings (JSON)"
      name="settings"
      rows={rows}
      spellCheck={false}
      value={settings}
      onChange={(event) => setSettings(event.target.value)}
      error={settingsError ?? serverSettingsError}
      hint={
        isCustom
          ? "The signature, event type path, attribution keys and idempotency key of this API."
          : 'Overrides such as { "apiBaseUrl": "https://…" } to point at another host. {} uses the defaults.'
      }
    />
  );

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="credentials-heading" data-testid="integration-edit-form">
      <div className="card-section form">
        <h2 id="credentials-heading">Credentials and settings</h2>
        {update.isError && Object.keys(errors).length === 0 && !serverSettingsError ? (
          <div className="alert alert-error" role="alert">
            {errorMessage(update.error)}
          </div>
        ) : null}
        <TextField
          label="Client ID"
          name="clientId"
          optional
          autoComplete="off"
          spellCheck={false}
          value={clientId}
          onChange={(event) => setClientId(event.target.value)}
          error={errors["patch.clientId"]}
        />
        <SecretInput
          label="Client secret"
          name="clientSecret"
          isSet={integration.hasClientSecret}
          change={clientSecret}
          onChange={setClientSecret}
          hint={provider ? clientSecretHint(provider) : undefined}
          error={errors["patch.clientSecret"]}
        />
        <SecretInput
          label="Webhook secret"
          name="webhookSecret"
          isSet={integration.hasWebhookSecret}
          change={webhookSecret}
          onChange={setWebhookSecret}
          hint={provider ? webhookSecretHint(provider) : undefined}
          error={errors["patch.webhookSecret"]}
        />
        <TextField
          label="Scopes"
          name="scopes"
          optional
          autoComplete="off"
          spellCheck={false}
          value={scopes}
          onChange={(event) => setScopes(event.target.value)}
          error={errors["patch.scopes"] ?? errors["patch.scopes.0"]}
          hint={provider ? scopesHint(provider) : "Separated by spaces or commas."}
        />
        {isCustom ? (
          settingsField(16)
        ) : (
          <details open={Object.keys(integration.settings).length > 0}>
            <summary className="field-label">Advanced settings</summary>
            <div style={{ marginTop: 12 }}>{settingsField(5)}</div>
          </details>
        )}
      </div>
      <div className="card-section">
        <div className="form-actions">
          <SubmitButton pending={update.isPending} pendingLabel="Saving…" testId="integration-save">
            Save changes
          </SubmitButton>
        </div>
      </div>
    </form>
  );
}
