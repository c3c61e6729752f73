import type { ProviderCatalogEntry } from "@/server/providers/registry";

// Field hints that depend on how the provider signs and authorises.

function apiName(provider: ProviderCatalogEntry): string {
  return provider.id === "custom" ? "the API" : provider.name;
}

export function webhookSecretHint(provider: ProviderCatalogEntry): string {
  if (provider.secretSource === "clientSecret") {
    return `${provider.name} signs webhooks with your app's client secret, so this is only needed to verify with a different secret.`;
  }
  return `The signing secret ${apiName(provider)} shows (or lets you choose) when you register the webhook URL. Without it, webhooks cannot be verified and are refused.`;
}

export function clientSecretHint(provider: ProviderCatalogEntry): string {
  if (provider.id === "custom") return 'Only needed when the API uses OAuth 2 ("authMode": "oauth2" in the settings).';
  const signing = provider.secretSource === "clientSecret" ? ` ${provider.name} also signs its webhooks with it.` : "";
  return `From your ${provider.name} app's OAuth settings; used when end users connect.${signing}`;
}

export function scopesHint(provider: ProviderCatalogEntry): string {
  const defaults = provider.defaultScopes.length ? ` Default: ${provider.defaultScopes.join(" ")}` : "";
  return `Separated by spaces or commas.${defaults}`;
}
