import type { Integration } from "../lib/generated/prisma/client";
import { readCustomSettings } from "../providers/custom";
import { findProvider } from "../providers/registry";
import type { ProviderDefinition, RevocationInput, RevocationRequest, TokenAuthMethod } from "../providers/types";
import { AppError } from "../lib/errors";

// The auth an integration actually uses: the provider's defaults with the integration's
// overrides (settings.authorizationUrl/tokenUrl/apiBaseUrl, scopes), and for the custom
// provider everything from its settings. One place, so that the connect flow, the proxy
// and token refresh agree on URLs.

export interface ConnectionConfigField {
  name: string;
  label: string;
  pattern?: string;
  example?: string;
}

/** Where revocation goes: an RFC 7009 endpoint (a URL template, like tokenUrl), or the provider's own call. */
export type EffectiveRevocation =
  { kind: "rfc7009"; url: string } | { kind: "request"; build(input: RevocationInput): RevocationRequest | null };

export type EffectiveAuth =
  | {
      mode: "oauth2";
      authorizationUrl: string;
      tokenUrl: string;
      tokenAuthMethod: TokenAuthMethod;
      revocation?: EffectiveRevocation;
      accessTokenHeader?: string;
      scopes: string[];
      scopeSeparator: string;
      authorizationParams: Record<string, string>;
      connectionConfig: ConnectionConfigField[];
      /** Token-response paths copied into attribution keys after connecting (custom provider). */
      tokenAttribution: Array<{ key: string; path: string }>;
    }
  | { mode: "apiKey"; label: string; header?: string; query?: string; prefix?: string; testEndpoint?: string }
  | { mode: "basic"; usernameLabel: string; passwordLabel: string; testEndpoint?: string }
  | { mode: "none" };

function settingsOf(integration: Pick<Integration, "settings">): Record<string, unknown> {
  const { settings } = integration;
  return typeof settings === "object" && settings !== null && !Array.isArray(settings) ? settings : {};
}

function stringSetting(settings: Record<string, unknown>, name: string): string | undefined {
  const value = settings[name];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

export function providerOf(integration: Pick<Integration, "provider">): ProviderDefinition {
  const provider = findProvider(integration.provider);
  if (!provider) throw new AppError("unprocessable", `Unknown provider "${integration.provider}"`);
  return provider;
}

export function resolveAuth(integration: Pick<Integration, "provider" | "settings" | "scopes">): EffectiveAuth {
  const settings = settingsOf(integration);
  const provider = providerOf(integration);
  if (provider.id === "custom") {
    const parsed = readCustomSettings(settings);
    if (!parsed.ok) throw new AppError("unprocessable", `Custom provider settings are invalid: ${parsed.reason}`);
    const custom = parsed.settings;
    switch (custom.authMode) {
      case "oauth2":
        return {
          mode: "oauth2",
          authorizationUrl: custom.authorizationUrl!,
          tokenUrl: custom.tokenUrl!,
          tokenAuthMethod: custom.tokenAuthMethod ?? "client_secret_post",
          revocation: custom.revocationUrl ? { kind: "rfc7009", url: custom.revocationUrl } : undefined,
          scopes: integration.scopes.length > 0 ? integration.scopes : (custom.scopes ?? []),
          scopeSeparator: custom.scopeSeparator ?? " ",
          authorizationParams: custom.authorizationParams ?? {},
          connectionConfig: custom.connectionConfig ?? [],
          tokenAttribution: custom.tokenAttribution ?? [],
        };
      case "apiKey":
        return {
          mode: "apiKey",
          label: custom.apiKey?.label ?? "API key",
          header: custom.apiKey?.query ? custom.apiKey.header : (custom.apiKey?.header ?? "authorization"),
          query: custom.apiKey?.query,
          prefix: custom.apiKey?.prefix ?? (custom.apiKey?.header || custom.apiKey?.query ? undefined : "Bearer "),
          testEndpoint: custom.testEndpoint,
        };
      case "basic":
        return { mode: "basic", usernameLabel: "Username", passwordLabel: "Password", testEndpoint: custom.testEndpoint };
      default:
        return { mode: "none" };
    }
  }
  const auth = provider.auth;
  if (auth.mode !== "oauth2") return auth;
  const tokenUrl = stringSetting(settings, "tokenUrl") ?? auth.tokenUrl;
  const revocationUrl = stringSetting(settings, "revocationUrl");
  return {
    mode: "oauth2",
    authorizationUrl: stringSetting(settings, "authorizationUrl") ?? auth.authorizationUrl,
    tokenUrl,
    tokenAuthMethod: auth.tokenAuthMethod ?? "client_secret_post",
    accessTokenHeader: auth.accessTokenHeader,
    // settings.revocationUrl names an RFC 7009 endpoint in place of the provider's own revocation.
    revocation: revocationUrl
      ? { kind: "rfc7009", url: revocationUrl }
      : auth.revocation?.kind === "rfc7009"
        ? { kind: "rfc7009", url: `${originOf(tokenUrl)}${auth.revocation.path}` }
        : auth.revocation,
    scopes: integration.scopes.length > 0 ? integration.scopes : auth.defaultScopes,
    scopeSeparator: auth.scopeSeparator,
    authorizationParams: auth.authorizationParams ?? {},
    connectionConfig: auth.connectionConfig ?? [],
    tokenAttribution: [],
  };
}

/** The scheme and host of a URL template (it may hold {placeholders}, so URL cannot parse it yet). */
export function originOf(urlTemplate: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(urlTemplate)?.[0] ?? urlTemplate;
}

export function resolveApiBaseUrl(integration: Pick<Integration, "provider" | "settings">, config: Record<string, string>): string {
  const settings = settingsOf(integration);
  const base = stringSetting(settings, "apiBaseUrl") ?? providerOf(integration).apiBaseUrl;
  if (!base) throw new AppError("unprocessable", `Integration has no apiBaseUrl: set settings.apiBaseUrl`);
  return interpolate(base, config).replace(/\/+$/, "");
}

/** Fills {name} placeholders from the connection config; values are URL-encoded, a missing one is an error. */
export function interpolate(template: string, config: Record<string, string>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = config[name];
    if (value === undefined) throw new AppError("unprocessable", `Connection config "${name}" is needed for ${template}`);
    return encodeURIComponent(value);
  });
}
