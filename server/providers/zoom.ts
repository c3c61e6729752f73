// Zoom signs "v0:{timestamp}:{body}" with the app's Secret Token (HMAC-SHA256, hex, "v0=").
// Endpoint validation (endpoint.url_validation) is itself signed and is answered with the
// plainToken and its HMAC-SHA256 under the same secret.

import { attributionOf, idString, isRecord, parseJsonObject, recordField, stringField, toDate, tryParseJson } from "./payload";
import { computeHmac, defaultToleranceSec, verifyHmacSignature, type HmacSignatureSpec } from "./signatures";
import type { HandshakeResponse, IncomingWebhook, ProviderDefinition, WebhookContext, WebhookEvent } from "./types";
import { basicAuthorization } from "./revocation";

export const zoomSignature: HmacSignatureSpec = {
  header: "x-zm-signature",
  algorithm: "sha256",
  encoding: "hex",
  prefix: "v0=",
  template: "v0:{timestamp}:{body}",
  timestamp: { header: "x-zm-request-timestamp", unit: "s", toleranceSec: defaultToleranceSec },
};

function answerValidation(webhook: IncomingWebhook, context: WebhookContext): HandshakeResponse | null {
  const body = tryParseJson(webhook);
  if (!isRecord(body) || body.event !== "endpoint.url_validation") return null;
  const plainToken = stringField(recordField(body, "payload")?.plainToken);
  if (!context.secret) return { status: 401, body: "no secret token is configured for this integration", requiresSignature: true };
  if (plainToken === undefined) return { status: 400, body: "endpoint.url_validation without payload.plainToken", requiresSignature: true };
  const encryptedToken = computeHmac("sha256", context.secret, plainToken).toString("hex");
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ plainToken, encryptedToken }),
    requiresSignature: true,
  };
}

function splitZoom(webhook: IncomingWebhook): WebhookEvent[] {
  const body = parseJsonObject(webhook);
  const event = stringField(body.event) ?? "unknown";
  if (event === "endpoint.url_validation") return [];
  const payload = recordField(body, "payload");
  const object = recordField(payload ?? {}, "object");
  const accountId = stringField(payload?.account_id);
  const objectId = idString(object?.id) ?? stringField(object?.uuid);
  const eventTs = idString(body.event_ts);
  // Zoom sends no event id: event + event_ts alone can collide across accounts and meetings.
  const idempotencyKey = eventTs !== undefined ? [event, eventTs, accountId ?? "", objectId ?? ""].join(":") : null;
  return [
    {
      type: event,
      attribution: attributionOf({ accountId }),
      idempotencyKey,
      objectId,
      occurredAt: toDate(body.event_ts, "ms"),
      payload: body,
    },
  ];
}

export const zoom: ProviderDefinition = {
  id: "zoom",
  name: "Zoom",
  description: "Meetings, webinars, recordings and users.",
  docsUrl: "https://developers.zoom.us/docs/api/webhooks/",
  auth: {
    mode: "oauth2",
    authorizationUrl: "https://zoom.us/oauth/authorize",
    tokenUrl: "https://zoom.us/oauth/token",
    // Zoom authenticates the app at its token endpoint with Basic only.
    tokenAuthMethod: "client_secret_basic",
    // Zoom takes the token as a query parameter, the app authenticated with Basic.
    revocation: {
      kind: "request",
      build: ({ accessToken, refreshToken, clientId, clientSecret }) => {
        const token = refreshToken ?? accessToken;
        if (!token || !clientId || !clientSecret) return null;
        return {
          method: "POST",
          base: "token",
          path: `/oauth/revoke?token=${encodeURIComponent(token)}`,
          headers: { authorization: basicAuthorization(clientId, clientSecret) },
        };
      },
    },
    defaultScopes: [],
    scopeSeparator: " ",
  },
  apiBaseUrl: "https://api.zoom.us/v2",
  attributionKeys: ["accountId"],
  webhookSetup:
    "First copy the Secret Token from the Zoom App Marketplace > Manage > your app > Features > Access and paste it here. Then, " +
    "under Event Subscriptions, add a subscription with the URL above as the event notification endpoint URL, pick the events " +
    "and click Validate: Zoom's endpoint.url_validation challenge (and its re-validation every 72 hours) is answered " +
    "automatically. Events are attributed by payload.account_id.",
  webhooks: {
    secretSource: "webhookSecret",
    signed: true,
    handshake: (webhook, context) => answerValidation(webhook, context),
    verify: (webhook, context) => verifyHmacSignature(zoomSignature, webhook, context.secret, context.now),
    split: (webhook) => splitZoom(webhook),
  },
};
