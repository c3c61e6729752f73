import { CopyField } from "@/app/_components/copy-button";
import type { Integration, ProviderEntry } from "./types";

/** The URL to paste into the provider, with the provider's own instructions beside it. */
export function WebhookCard({ integration, provider }: { integration: Integration; provider: ProviderEntry | undefined }) {
  return (
    <section className="card" aria-labelledby="webhook-heading">
      <div className="card-section">
        <div>
          <h2 id="webhook-heading">Webhook URL</h2>
          <p className="muted">Register this URL with {integration.providerName}. Switchboard verifies each webhook before accepting it.</p>
        </div>
        <CopyField value={integration.webhookUrl} what="webhook URL" testId="webhook-url" />
        {provider ? (
          <div className="help-text" data-testid="webhook-setup">
            <strong>Setting it up in {provider.name}: </strong>
            {provider.webhookSetup}{" "}
            <a href={provider.docsUrl} target="_blank" rel="noreferrer">
              {provider.name} documentation
            </a>
          </div>
        ) : null}
        {!integration.hasWebhookSecret && !(provider?.secretSource === "clientSecret" && integration.hasClientSecret) ? (
          <div className="alert alert-info" role="note">
            No signing secret is set yet, so webhooks to this URL cannot be verified and are refused. Add the{" "}
            {provider?.secretSource === "clientSecret" ? "client secret" : "webhook secret"} below.
          </div>
        ) : null}
      </div>
    </section>
  );
}
