import { findProvider } from "../providers/registry";

/**
 * The secret an integration's webhooks are signed with: its webhook secret when set, else its
 * client secret where the provider signs with that (HubSpot, Shopify). Works on plain or
 * encrypted values alike, so callers decrypt only the one they use.
 */
export function pickSigningSecret<T>(
  provider: string,
  secrets: { webhookSecret: T | null | undefined; clientSecret: T | null | undefined },
): T | undefined {
  if (secrets.webhookSecret) return secrets.webhookSecret;
  return findProvider(provider)?.webhooks.secretSource === "clientSecret" ? (secrets.clientSecret ?? undefined) : undefined;
}
