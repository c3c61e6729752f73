// The provider registry: one line per provider, checked against ProviderId at compile time.

import { attio } from "./attio";
import { calendly } from "./calendly";
import { custom } from "./custom";
import { github } from "./github";
import { hubspot } from "./hubspot";
import { linear } from "./linear";
import { microsoftGraph } from "./microsoft-graph";
import { shopify } from "./shopify";
import { slack } from "./slack";
import { stripe } from "./stripe";
import { zoom } from "./zoom";
import { isProviderId, providerIds, type ProviderAuth, type ProviderDefinition, type ProviderId, type WebhookAdapter } from "./types";

export const providers = {
  hubspot,
  shopify,
  stripe,
  github,
  slack,
  linear,
  attio,
  zoom,
  "microsoft-graph": microsoftGraph,
  calendly,
  custom,
} satisfies Record<ProviderId, ProviderDefinition>;

export function getProvider(id: ProviderId): ProviderDefinition {
  return providers[id];
}

/** For ids that arrive as strings (database rows, URLs): null when no such provider exists. */
export function findProvider(id: string): ProviderDefinition | null {
  return isProviderId(id) ? providers[id] : null;
}

/** All providers in catalog order (the order of providerIds; custom last). */
export function listProviders(): ProviderDefinition[] {
  return providerIds.map((id) => providers[id]);
}

/** What the UI shows about a provider: plain serialisable data, no adapter functions. */
export interface ProviderCatalogEntry {
  id: ProviderId;
  name: string;
  description: string;
  docsUrl: string;
  authMode: ProviderAuth["mode"];
  defaultScopes: string[];
  /** Inputs the end user gives before authorising (e.g. Shopify's shop subdomain). */
  connectionConfig: Array<{ name: string; label: string; pattern?: string; example?: string }>;
  attributionKeys: string[];
  webhookSetup: string;
  /** Which secret the developer must paste: the app's client secret or a webhook signing secret. */
  secretSource: WebhookAdapter["secretSource"];
}

function toCatalogEntry(provider: ProviderDefinition): ProviderCatalogEntry {
  const { auth } = provider;
  return {
    id: provider.id,
    name: provider.name,
    description: provider.description,
    docsUrl: provider.docsUrl,
    authMode: auth.mode,
    defaultScopes: auth.mode === "oauth2" ? [...auth.defaultScopes] : [],
    connectionConfig: auth.mode === "oauth2" ? [...(auth.connectionConfig ?? [])] : [],
    attributionKeys: [...provider.attributionKeys],
    webhookSetup: provider.webhookSetup,
    secretSource: provider.webhooks.secretSource,
  };
}

/**
 * The catalog as data. This module imports the adapters (node:crypto), so read it in server
 * components or API handlers and pass the entries to client components as props.
 */
export const providerCatalog: readonly ProviderCatalogEntry[] = listProviders().map(toCatalogEntry);
