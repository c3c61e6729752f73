import { interpolate, originOf, type EffectiveRevocation } from "./auth-settings";
import type { StoredCredentials } from "./credentials";
import { clientAuthentication, type OAuthClient } from "./oauth-client";

// The HTTP call that revokes a connection's grant when it is deleted: an RFC 7009 request
// (the refresh token, else the access token, with the client authenticated as at the
// token endpoint) or the provider's own call from its definition, placed on the token
// URL's origin or the API base URL.

export interface RevocationCall {
  method: "POST" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export function revocationCall(input: {
  revocation: EffectiveRevocation;
  /** The token URL template and the connection's config for its {placeholders}. */
  tokenUrl: string;
  config: Record<string, string>;
  apiBaseUrl: () => string;
  credentials: StoredCredentials;
  client: OAuthClient;
}): RevocationCall | null {
  const { revocation, credentials, client } = input;
  if (revocation.kind === "rfc7009") {
    const token = credentials.refreshToken ?? credentials.accessToken;
    if (!token) return null;
    const auth = clientAuthentication(client);
    return {
      method: "POST",
      url: interpolate(revocation.url, input.config),
      headers: { ...auth.headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...auth.form, token }).toString(),
    };
  }
  const request = revocation.build({
    accessToken: credentials.accessToken,
    refreshToken: credentials.refreshToken,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    tokenResponse: credentials.raw ?? {},
  });
  if (!request) return null;
  const base = request.base === "token" ? originOf(interpolate(input.tokenUrl, input.config)) : input.apiBaseUrl();
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  let body: string | undefined;
  if (request.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(request.form).toString();
  } else if (request.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(request.json);
  }
  return { method: request.method, url: `${base}${request.path}`, headers, body };
}

/** 2xx, except a JSON answer that says `ok: false` (Slack's way of refusing). */
export function revocationAccepted(status: number, body: Buffer): boolean {
  if (status < 200 || status >= 300) return false;
  try {
    const parsed = JSON.parse(body.toString("utf8")) as unknown;
    return !(typeof parsed === "object" && parsed !== null && (parsed as { ok?: unknown }).ok === false);
  } catch {
    return true;
  }
}
