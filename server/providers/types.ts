// The contract every provider implements. Adapters are pure: no database, no
// environment, no network. They return facts; lookups and side effects happen elsewhere.

export const providerIds = [
  "hubspot",
  "shopify",
  "stripe",
  "github",
  "slack",
  "linear",
  "attio",
  "zoom",
  "microsoft-graph",
  "calendly",
  "custom",
] as const;

export type ProviderId = (typeof providerIds)[number];

export function isProviderId(value: string): value is ProviderId {
  return (providerIds as readonly string[]).includes(value);
}

/**
 * How the client authenticates at the token (and revocation) endpoint (RFC 6749 §2.3.1):
 * client_id and client_secret in the form body, or HTTP Basic with them.
 */
export type TokenAuthMethod = "client_secret_post" | "client_secret_basic";

/** What revoking a connection's grant can use: its tokens, the app's client credentials, the connect-time token answer. */
export interface RevocationInput {
  accessToken?: string;
  refreshToken?: string;
  clientId: string | null;
  clientSecret: string | null;
  /** The token endpoint's answer when the connection was made (provider ids such as Stripe's stripe_user_id). */
  tokenResponse: Record<string, unknown>;
}

/** A provider's own revocation call. A JSON answer with `ok: false` (Slack) counts as refused. */
export interface RevocationRequest {
  method: "POST" | "DELETE";
  /** "token": on the token URL's origin (the OAuth host); "api": on the API base URL. */
  base: "token" | "api";
  /** Path (and query) on that base. */
  path: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
}

/**
 * How a connection's grant is revoked when it is deleted. "rfc7009": POST `token` (the refresh
 * token, else the access token) to `path` on the token URL's origin, the client authenticated as
 * at the token endpoint. "request": anything else, described by the provider; null when the
 * connection lacks what the call needs.
 */
export type TokenRevocation =
  { kind: "rfc7009"; path: string } | { kind: "request"; build(input: RevocationInput): RevocationRequest | null };

/** How end users authorise an account of this provider (used by the connect flow). */
export type ProviderAuth =
  | {
      mode: "oauth2";
      authorizationUrl: string;
      tokenUrl: string;
      /** client_secret_post unless the provider wants Basic (Zoom). */
      tokenAuthMethod?: TokenAuthMethod;
      /** Absent when the provider offers no revocation (Microsoft identity platform, Attio). */
      revocation?: TokenRevocation;
      /** The header API calls carry the access token in, bare; absent: `Authorization: Bearer <token>`. */
      accessTokenHeader?: string;
      defaultScopes: string[];
      scopeSeparator: string;
      authorizationParams?: Record<string, string>;
      /** Inputs asked of the end user before authorising, e.g. the Shopify shop subdomain, usable as {name} in URLs. */
      connectionConfig?: Array<{ name: string; label: string; pattern?: string; example?: string }>;
    }
  | { mode: "apiKey"; label: string; header?: string; query?: string; prefix?: string }
  | { mode: "basic"; usernameLabel: string; passwordLabel: string }
  | { mode: "none" };

/** A webhook as received, before anything is parsed or trusted. */
export interface IncomingWebhook {
  method: string;
  /** The full URL as the provider called it (public base URL + path + query). */
  url: string;
  /** Header names lowercased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  query: URLSearchParams;
  rawBody: Buffer;
}

export interface WebhookContext {
  /** The secret this provider signs with (integration webhookSecret, else client secret where the provider signs with it); undefined when none is configured. */
  secret: string | undefined;
  /** The integration's settings (custom provider configuration, overrides). */
  settings: Record<string, unknown>;
  now: Date;
}

/** `note` says why an ok result checked nothing (an integration explicitly configured as unsigned), for the log. */
export type VerifyResult = { ok: true; note?: string } | { ok: false; reason: string };

export interface HandshakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
  /** Whether the handshake request itself must carry a valid signature (Slack, Zoom: yes; Microsoft Graph: no). */
  requiresSignature: boolean;
}

export interface WebhookEvent {
  /** The event type pipelines match on, e.g. "contact.propertyChange", "orders/create", "issues.opened". */
  type: string;
  /** Provider account identifiers, by the names in the provider's attributionKeys; values are strings. */
  attribution: Record<string, string>;
  /** Stable across provider retries of the same event; null when the provider gives none. */
  idempotencyKey: string | null;
  /** Id of the changed object where one is evident (used as the default debounce key). */
  objectId?: string;
  /** The provider's own event id, forwarded as `eventId`. */
  providerEventId?: string;
  occurredAt?: Date;
  payload: unknown;
}

export interface WebhookAdapter {
  /**
   * Which secret the provider signs with: "clientSecret" (HubSpot, Shopify: the app's client secret)
   * or "webhookSecret". The integration's webhookSecret always takes precedence when set.
   */
  secretSource: "clientSecret" | "webhookSecret";
  /** "none" only for providers that cannot sign at all; verification then has nothing to check and says so. */
  signed: boolean;
  /** Answers provider handshakes (challenges, validation tokens); null when this request is not one. */
  handshake?(webhook: IncomingWebhook, context: WebhookContext): HandshakeResponse | null;
  /** Checks the signature over the raw bytes. Fails closed: no secret or no signature header means not ok. */
  verify(webhook: IncomingWebhook, context: WebhookContext): VerifyResult;
  /** Splits a verified webhook into events. Throws WebhookParseError on a body it cannot read. */
  split(webhook: IncomingWebhook, context: WebhookContext): WebhookEvent[];
}

export class WebhookParseError extends Error {
  override name = "WebhookParseError";
}

/** An HTTP call an adapter describes and the connect service performs as the connection (credentials injected). */
export interface ProviderHttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A path on the provider's API base URL. */
  path: string;
  body?: unknown;
}

/** Fills a new connection's attribution keys from the token response, the connect inputs, or one API call. */
export interface PostConnectStep {
  attributionFromToken?(token: Record<string, unknown>, config: Record<string, string>): Record<string, string | undefined>;
  infoRequest?(credentials: { accessToken?: string }): ProviderHttpRequest;
  /**
   * Keys from the info request's answer. `callback` is the query of the provider's redirect to our
   * callback (GitHub appends installation_id); the end user can edit it, so it only picks among
   * what the answer confirms.
   */
  attributionFromInfo?(body: unknown, callback: Record<string, string>): Record<string, string | undefined>;
}

/** Registers (and removes) a connection's webhooks at the provider, pointing at our webhook URL. */
export interface SubscriptionStep {
  subscribe(input: { webhookUrl: string; attribution: Record<string, string>; settings: Record<string, unknown> }): ProviderHttpRequest;
  /** The subscription id and any per-subscription signing secret from the provider's answer; null when it has none. */
  parseSubscription(body: unknown): { externalId: string; secret?: string } | null;
  unsubscribe(subscription: { externalId: string }): ProviderHttpRequest;
}

export interface ProviderDefinition {
  id: ProviderId;
  name: string;
  /** One line for the catalog. */
  description: string;
  docsUrl: string;
  auth: ProviderAuth;
  apiBaseUrl: string;
  /** Names of the attribution keys this provider's events carry, e.g. ["portalId"]. */
  attributionKeys: readonly string[];
  /** Where the developer pastes the webhook URL and finds the secret, shown on the integration page. */
  webhookSetup: string;
  webhooks: WebhookAdapter;
  postConnect?: PostConnectStep;
  subscriptions?: SubscriptionStep;
}
