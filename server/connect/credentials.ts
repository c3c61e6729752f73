// What a connection's encrypted credentials hold. Connections imported through the API
// carry free-form objects, so readers accept any object and pick the fields they know.

export interface StoredCredentials {
  type?: "oauth2" | "apiKey" | "basic";
  accessToken?: string;
  refreshToken?: string;
  /** ISO time the access token expires; absent when the provider did not say. */
  expiresAt?: string;
  tokenType?: string;
  scope?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** Inputs given on the connect page (e.g. Shopify's shop), used as {name} in URLs. */
  connectionConfig?: Record<string, string>;
  /** The token endpoint's whole answer, for provider-specific fields. */
  raw?: Record<string, unknown>;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

export function readCredentials(value: unknown): StoredCredentials {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const config = v.connectionConfig;
  return {
    type: v.type === "oauth2" || v.type === "apiKey" || v.type === "basic" ? v.type : undefined,
    accessToken: str(v.accessToken) ?? str(v.access_token),
    refreshToken: str(v.refreshToken) ?? str(v.refresh_token),
    expiresAt: str(v.expiresAt),
    tokenType: str(v.tokenType),
    scope: str(v.scope),
    apiKey: str(v.apiKey),
    username: str(v.username),
    password: typeof v.password === "string" ? v.password : undefined,
    connectionConfig:
      typeof config === "object" && config !== null && !Array.isArray(config)
        ? Object.fromEntries(Object.entries(config).filter((e): e is [string, string] => typeof e[1] === "string"))
        : undefined,
    raw: typeof v.raw === "object" && v.raw !== null && !Array.isArray(v.raw) ? (v.raw as Record<string, unknown>) : undefined,
  };
}

/** Credentials from a token endpoint answer (RFC 6749 §5.1); refresh answers may omit the refresh token, so the old one is kept. */
export function credentialsFromTokenResponse(
  body: Record<string, unknown>,
  previous: StoredCredentials = {},
  now = new Date(),
): StoredCredentials {
  const expiresIn = Number(body.expires_in);
  return {
    ...previous,
    type: "oauth2",
    accessToken: str(body.access_token),
    refreshToken: str(body.refresh_token) ?? previous.refreshToken,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now.getTime() + expiresIn * 1000).toISOString() : undefined,
    tokenType: str(body.token_type),
    scope: str(body.scope) ?? previous.scope,
    raw: body,
  };
}
