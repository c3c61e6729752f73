// Linear signs the raw body (HMAC-SHA256, hex) with the webhook's signing secret. The timestamp
// to check for replays is `webhookTimestamp` (milliseconds) inside the signed body, and Linear
// asks receivers to allow about a minute.

import { attributionOf, isRecord, parseJsonObject, recordField, stringField, toDate, tryParseJson } from "./payload";
import { checkTimestamp, readHeader, verifyHmacSignature, type HmacSignatureSpec } from "./signatures";
import type { IncomingWebhook, ProviderDefinition, VerifyResult, WebhookEvent } from "./types";
import { bearer } from "./revocation";

export const linearSignature: HmacSignatureSpec = { header: "linear-signature", algorithm: "sha256", encoding: "hex" };
export const linearToleranceSec = 60;

function verifyLinear(webhook: IncomingWebhook, secret: string | undefined, now: Date): VerifyResult {
  const signature = verifyHmacSignature(linearSignature, webhook, secret, now);
  if (!signature.ok) return signature;
  // Read only after the signature holds, so the timestamp is one Linear signed.
  const body = tryParseJson(webhook);
  const timestamp = isRecord(body) ? body.webhookTimestamp : undefined;
  return checkTimestamp({
    timestamp: typeof timestamp === "number" || typeof timestamp === "string" ? timestamp : undefined,
    now,
    toleranceSec: linearToleranceSec,
    unit: "ms",
  });
}

function splitLinear(webhook: IncomingWebhook): WebhookEvent[] {
  const body = parseJsonObject(webhook);
  const type = stringField(body.type) ?? "unknown";
  const action = stringField(body.action);
  const delivery = readHeader(webhook, "linear-delivery");
  return [
    {
      type: action ? `${type}.${action}` : type,
      attribution: attributionOf({ organizationId: stringField(body.organizationId) }),
      idempotencyKey: delivery ?? null,
      objectId: stringField(recordField(body, "data")?.id),
      providerEventId: delivery,
      occurredAt: toDate(body.createdAt, "iso"),
      payload: body,
    },
  ];
}

export const linear: ProviderDefinition = {
  id: "linear",
  name: "Linear",
  description: "Issue tracking: issues, comments, projects and cycles.",
  docsUrl: "https://linear.app/developers/webhooks",
  auth: {
    mode: "oauth2",
    authorizationUrl: "https://linear.app/oauth/authorize",
    tokenUrl: "https://api.linear.app/oauth/token",
    // Linear revokes the access token that authenticates the call.
    revocation: {
      kind: "request",
      build: ({ accessToken }) =>
        accessToken ? { method: "POST", base: "token", path: "/oauth/revoke", headers: { authorization: bearer(accessToken) } } : null,
    },
    defaultScopes: ["read"],
    scopeSeparator: ",",
  },
  apiBaseUrl: "https://api.linear.app",
  attributionKeys: ["organizationId"],
  webhookSetup:
    "For an OAuth application, open Settings > API > OAuth applications > your app, enable webhooks, set the URL above and pick " +
    "the resource types: every workspace that authorizes the app then sends events here. (A single workspace can instead add a " +
    "webhook under Settings > API > Webhooks.) Copy the webhook's signing secret shown there and paste it here. Events are " +
    "attributed by organizationId.",
  // Webhooks name the workspace by organizationId; one GraphQL query with the new token reads it.
  postConnect: {
    infoRequest: () => ({ method: "POST", path: "/graphql", body: { query: "{ organization { id } }" } }),
    attributionFromInfo: (body) => {
      const data = isRecord(body) ? recordField(body, "data") : undefined;
      const organization = data ? recordField(data, "organization") : undefined;
      return { organizationId: organization ? stringField(organization.id) : undefined };
    },
  },
  webhooks: {
    secretSource: "webhookSecret",
    signed: true,
    verify: (webhook, context) => verifyLinear(webhook, context.secret, context.now),
    split: (webhook) => splitLinear(webhook),
  },
};
