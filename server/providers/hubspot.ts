// HubSpot signs with the app's client secret. v3 (HMAC-SHA256, base64) covers method, URL, body
// and a millisecond timestamp; the v1/v2 plain SHA-256 signatures are only used when a request
// carries no v3 header. One request batches events, possibly from several portals.

import { createHash } from "node:crypto";
import { attributionOf, idString, isRecord, parseJsonBody, stringField, toDate } from "./payload";
import { anySignatureMatches, checkTimestamp, computeHmac, defaultToleranceSec, fail, readHeader, safeEqual, verified } from "./signatures";
import { WebhookParseError, type IncomingWebhook, type ProviderDefinition, type VerifyResult, type WebhookEvent } from "./types";

const v3SignatureHeader = "x-hubspot-signature-v3";
const timestampHeader = "x-hubspot-request-timestamp";
const legacySignatureHeader = "x-hubspot-signature";
const legacyVersionHeader = "x-hubspot-signature-version";

// HubSpot signs the URI with these escapes decoded (its request-validation docs list them).
const decodedInV3: Record<string, string> = {
  "%3a": ":",
  "%2f": "/",
  "%3f": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2a": "*",
  "%2c": ",",
  "%3b": ";",
};

export function decodeHubSpotUri(url: string): string {
  return url.replace(/%[0-9a-f]{2}/gi, (escape) => decodedInV3[escape.toLowerCase()] ?? escape);
}

function sha256Hex(parts: ReadonlyArray<string | Buffer>): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

/** v1: SHA-256(secret + body); v2: SHA-256(secret + method + uri + body); both hex. */
export function signHubSpotLegacy(input: { version: "v1" | "v2"; secret: string; method: string; url: string; body: Buffer }): string {
  return input.version === "v1"
    ? sha256Hex([input.secret, input.body])
    : sha256Hex([input.secret, input.method.toUpperCase(), input.url, input.body]);
}

function verifyHubSpot(webhook: IncomingWebhook, secret: string | undefined, now: Date): VerifyResult {
  if (!secret) return fail("no client secret is configured for this integration");
  const v3 = readHeader(webhook, v3SignatureHeader);
  if (v3 !== undefined) {
    const timestamp = readHeader(webhook, timestampHeader);
    if (timestamp === undefined) return fail(`missing ${timestampHeader} header`);
    const fresh = checkTimestamp({ timestamp, now, toleranceSec: defaultToleranceSec, unit: "ms" });
    if (!fresh.ok) return fresh;
    // Proxies may re-encode the URL, so accept the URL as received and with HubSpot's decoding.
    const urls = [...new Set([webhook.url, decodeHubSpotUri(webhook.url)])];
    const matches = urls.map((url) =>
      anySignatureMatches({
        expected: computeHmac("sha256", secret, [webhook.method.toUpperCase(), url, webhook.rawBody, timestamp]),
        received: [v3],
        encoding: "base64",
      }),
    );
    return matches.includes(true) ? verified : fail("signature does not match");
  }

  const legacy = readHeader(webhook, legacySignatureHeader);
  if (legacy === undefined) return fail(`missing ${v3SignatureHeader} header`);
  const version = (readHeader(webhook, legacyVersionHeader) ?? "v1").trim().toLowerCase();
  if (version !== "v1" && version !== "v2") return fail(`unsupported signature version ${version}`);
  const expected = signHubSpotLegacy({ version, secret, method: webhook.method, url: webhook.url, body: webhook.rawBody });
  return safeEqual(legacy.trim().toLowerCase(), expected) ? verified : fail("signature does not match");
}

function splitHubSpot(webhook: IncomingWebhook): WebhookEvent[] {
  const body = parseJsonBody(webhook);
  const items = Array.isArray(body) ? body : [body];
  return items.map((item, index) => {
    if (!isRecord(item)) throw new WebhookParseError(`HubSpot event ${index} is not an object`);
    const portalId = idString(item.portalId);
    const eventId = idString(item.eventId);
    const subscriptionId = idString(item.subscriptionId);
    const occurredAt = idString(item.occurredAt);
    // HubSpot documents eventId as not guaranteed unique, so the key adds portal, subscription and time.
    const idempotencyKey = eventId !== undefined ? [portalId ?? "", subscriptionId ?? "", eventId, occurredAt ?? ""].join(":") : null;
    return {
      type: stringField(item.subscriptionType) ?? "unknown",
      attribution: attributionOf({ portalId }),
      idempotencyKey,
      objectId: idString(item.objectId),
      providerEventId: eventId,
      occurredAt: toDate(item.occurredAt, "ms"),
      payload: item,
    };
  });
}

export const hubspot: ProviderDefinition = {
  id: "hubspot",
  name: "HubSpot",
  description: "CRM: contacts, companies, deals, tickets and conversations.",
  docsUrl: "https://developers.hubspot.com/docs/api/webhooks",
  auth: {
    mode: "oauth2",
    authorizationUrl: "https://app.hubspot.com/oauth/authorize",
    tokenUrl: "https://api.hubapi.com/oauth/v1/token",
    // Deleting the refresh token ends the grant; HubSpot access tokens expire on their own within minutes.
    revocation: {
      kind: "request",
      build: ({ refreshToken }) =>
        refreshToken ? { method: "DELETE", base: "api", path: `/oauth/v1/refresh-tokens/${encodeURIComponent(refreshToken)}` } : null,
    },
    defaultScopes: ["oauth", "crm.objects.contacts.read"],
    scopeSeparator: " ",
  },
  apiBaseUrl: "https://api.hubapi.com",
  attributionKeys: ["portalId"],
  webhookSetup:
    "In your HubSpot developer account, open the app, go to Webhooks (legacy apps: app settings > Webhooks; developer-platform " +
    "projects: the webhooks feature of the app) and set the Target URL to the URL above, then subscribe to the events you need. " +
    "HubSpot signs webhooks with the app's client secret (app > Auth > Client secret); there is no separate webhook secret. " +
    "One request can batch events from several portals; each event is attributed by its portalId.",
  webhooks: {
    secretSource: "clientSecret",
    signed: true,
    verify: (webhook, context) => verifyHubSpot(webhook, context.secret, context.now),
    split: (webhook) => splitHubSpot(webhook),
  },
  // The token-info endpoint names the portal (hub_id) the token belongs to.
  postConnect: {
    infoRequest: ({ accessToken }) => ({ method: "GET", path: `/oauth/v1/access-tokens/${encodeURIComponent(accessToken ?? "")}` }),
    attributionFromInfo: (body) => ({ portalId: isRecord(body) ? idString(body.hub_id) : undefined }),
  },
};
