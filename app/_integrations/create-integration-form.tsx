"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ProviderCatalogEntry } from "@/server/providers/registry";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorCode, errorMessage, fieldErrors } from "@/app/_trpc/errors";
import { TextAreaField, TextField } from "@/app/_components/field";
import { SubmitButton } from "@/app/_components/submit-button";
import { CUSTOM_SETTINGS_EXAMPLE, parseScopes, parseSettings, settingsErrors } from "./settings-json";
import { clientSecretHint, scopesHint, webhookSecretHint } from "./provider-hints";

function optional(value: string): string | undefined {
  return value.trim() || undefined;
}

export function CreateIntegrationForm({ provider }: { provider: ProviderCatalogEntry }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const isCustom = provider.id === "custom";

  const [key, setKey] = useState<string>(provider.id);
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [webhookSecret, setWebhookSecret] = useState("");
  const [scopes, setScopes] = useState(provider.defaultScopes.join(" "));
  const [settings, setSettings] = useState(isCustom ? CUSTOM_SETTINGS_EXAMPLE : "{}");
  const [settingsError, setSettingsError] = useState<string>();

  const create = useMutation({
    ...trpc.integrations.create.mutationOptions(),
    onSuccess: async (integration) => {
      await queryClient.invalidateQueries({ queryKey: trpc.integrations.list.queryKey() });
      router.push(`/integrations/${integration.key}?created=1`);
    },
  });

  const errors = fieldErrors(create.error);
  // A taken key comes back as a conflict; it belongs next to the key field.
  const keyError = errors.key ?? (errorCode(create.error) === "CONFLICT" ? errorMessage(create.error) : undefined);
  const serverSettingsError = settingsErrors(errors, create.error ? errorMessage(create.error) : undefined);
  const shownInFields = keyError || serverSettingsError || Object.keys(errors).length > 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseSettings(settings);
    if (!parsed.ok) {
      setSettingsError(parsed.message);
      return;
    }
    setSettingsError(undefined);
    create.mutate({
      key: key.trim(),
      provider: provider.id,
      clientId: optional(clientId),
      clientSecret: optional(clientSecret),
      webhookSecret: optional(webhookSecret),
      scopes: parseScopes(scopes),
      settings: parsed.value,
    });
  };

  return (
    <form className="card" onSubmit={submit} noValidate data-testid="integration-create-form">
      <div className="card-section form">
        {create.isError && !shownInFields ? (
          <div className="alert alert-error" role="alert">
            {errorMessage(create.error)}
          </div>
        ) : null}
        <TextField
          label="Key"
          name="key"
          required
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(event) => setKey(event.target.value)}
          error={keyError}
          hint="Lowercase letters, digits and dashes; unique in this environment. It is part of the webhook URL and cannot be changed later."
        />
        <TextField
          label="Client ID"
          name="clientId"
          optional
          autoComplete="off"
          spellCheck={false}
          value={clientId}
          onChange={(event) => setClientId(event.target.value)}
          error={errors.clientId}
        />
        <TextField
          label="Client secret"
          name="clientSecret"
          optional
          type="password"
          autoComplete="off"
          value={clientSecret}
          onChange={(event) => setClientSecret(event.target.value)}
          error={errors.clientSecret}
          hint={clientSecretHint(provider)}
        />
        <TextField
          label="Webhook secret"
          name="webhookSecret"
          optional
          type="password"
          autoComplete="off"
          value={webhookSecret}
          onChange={(event) => setWebhookSecret(event.target.value)}
          error={errors.webhookSecret}
          hint={webhookSecretHint(provider)}
        />
        <TextField
          label="Scopes"
          name="scopes"
          optional
          autoComplete="off"
          spellCheck={false}
          value={scopes}
          onChange={(event) => setScopes(event.target.value)}
          error={errors.scopes ?? errors["scopes.0"]}
          hint={scopesHint(provider)}
        />
        {isCustom ? (
          <TextAreaField
            label="Settings (JSON)"
            name="settings"
            rows={16}
            spellCheck={false}
            value={settings}
            onChange={(event) => setSettings(event.target.value)}
            error={settingsError ?? serverSettingsError}
            hint="How this API signs its webhooks, where the event type and the attribution keys are, and how to find the idempotency key. The example is a starting point: edit it to match the API."
          />
        ) : (
          <details>
            <summary className="field-label">Advanced settings</summary>
            <div style={{ marginTop: 12 }}>
              <TextAreaField
                label="Settings (JSON)"
                name="settings"
                rows={5}
                spellCheck={false}
                value={settings}
                onChange={(event) => setSettings(event.target.value)}
                error={settingsError ?? serverSettingsError}
                hint='Overrides such as { "apiBaseUrl": "https://…" } to point at another host. Leave {} for the defaults.'
              />
            </div>
          </details>
        )}
      </div>
      <div className="card-section">
        <div className="form-actions">
          <SubmitButton pending={create.isPending || create.isSuccess} pendingLabel="Creating…" testId="integration-create-submit">
            Create integration
          </SubmitButton>
          <Link className="btn btn-ghost" href="/integrations/new">
            Cancel
          </Link>
        </div>
      </div>
    </form>
  );
}
