import { AppError } from "../lib/errors";
import type { TokenAuthMethod } from "../providers/types";
import { isRefusal, providerFetch, type ProviderHttpResponse } from "../proxy/provider-http";

// Calls to a provider's OAuth 2 token endpoint (RFC 6749): code exchange, refresh and
// revocation. The client authenticates as the provider wants (client_secret_post: in the
// form body; client_secret_basic: an HTTP Basic header); answers may be JSON or form-encoded (GitHub without
// an Accept header), and Slack reports errors as 200 with ok: false. The environment's
// destination policy applies (providerFetch), as to every other call to a provider.

const TOKEN_TIMEOUT_MS = 15_000;

export class TokenEndpointError extends Error {
  override name = "TokenEndpointError";
  constructor(
    message: string,
    /** The OAuth error code (invalid_grant, …), or "network" / "http_<status>". */
    readonly code: string,
    /** Whether the grant itself was refused (re-authorising is the only fix), as opposed to an outage. */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

function parseBody(text: string, contentType: string | null): Record<string, unknown> {
  if (contentType?.includes("json") || /^\s*\{/.test(text)) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Falls through: some providers answer form-encoded.
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export interface OAuthClient {
  clientId: string | null;
  clientSecret: string | null;
  method: TokenAuthMethod;
}

/** RFC 6749 §2.3.1: each part is form-urlencoded before it goes into the Basic header. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** The client's credentials as form fields or as a Basic header (which needs both the id and the secret). */
export function clientAuthentication(client: OAuthClient): { form: Record<string, string>; headers: Record<string, string> } {
  if (client.method === "client_secret_basic" && client.clientId && client.clientSecret) {
    const basic = Buffer.from(`${formEncode(client.clientId)}:${formEncode(client.clientSecret)}`).toString("base64");
    return { form: {}, headers: { authorization: `Basic ${basic}` } };
  }
  const form: Record<string, string> = {};
  if (client.clientId) form.client_id = client.clientId;
  if (client.clientSecret) form.client_secret = client.clientSecret;
  return { form, headers: {} };
}

export async function requestToken(
  tokenUrl: string,
  params: Record<string, string | undefined>,
  options: { allowPrivate: boolean; client: OAuthClient },
): Promise<Record<string, unknown>> {
  const auth = clientAuthentication(options.client);
  const form = new URLSearchParams(auth.form);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) form.set(name, value);
  let response: ProviderHttpResponse;
  try {
    response = await providerFetch(tokenUrl, {
      method: "POST",
      headers: { ...auth.headers, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      timeoutMs: TOKEN_TIMEOUT_MS,
      allowPrivate: options.allowPrivate,
    });
  } catch (error) {
    if (isRefusal(error)) throw new TokenEndpointError(`token endpoint refused: ${error.message}`, "refused", false);
    throw new TokenEndpointError(`token endpoint unreachable: ${(error as Error).message}`, "network", false);
  }
  const ok = response.status >= 200 && response.status < 300;
  const body = parseBody(response.body.toString("utf8"), response.headers["content-type"] ?? null);
  const oauthError = typeof body.error === "string" ? body.error : body.ok === false ? "provider_error" : undefined;
  if (!ok || oauthError || typeof body.access_token !== "string") {
    const code = oauthError ?? `http_${response.status}`;
    const description = typeof body.error_description === "string" ? `: ${body.error_description}` : "";
    // 4xx and OAuth error codes mean the grant was refused; 5xx is an outage worth trying again later.
    const permanent = response.status < 500 && (oauthError !== undefined || !ok);
    throw new TokenEndpointError(
      `token endpoint answered ${response.status} ${code}${description}`.slice(0, 500),
      code,
      permanent || (ok && oauthError !== undefined),
    );
  }
  return body;
}

export function requireClientCredentials(clientId: string | null, clientSecret: string | null): { clientId: string; clientSecret: string } {
  if (!clientId || !clientSecret) throw new AppError("unprocessable", "The integration needs a client id and client secret for OAuth 2");
  return { clientId, clientSecret };
}
