// Microsoft Graph does not sign change notifications. A subscription carries a clientState that
// Graph echoes in every notification; it is set to the integration's secret, and a request is
// accepted only when every notification in it carries that value. Subscription validation
// (`?validationToken=`) must be echoed as text/plain within 10 seconds, without a signature.

import { attributionOf, isRecord, parseJsonObject, recordField, stringField, tryParseJson, type JsonObject } from "./payload";
import { fail, safeEqual, verified } from "./signatures";
import {
  WebhookParseError,
  type HandshakeResponse,
  type IncomingWebhook,
  type ProviderDefinition,
  type VerifyResult,
  type WebhookEvent,
} from "./types";

function answerValidation(webhook: IncomingWebhook): HandshakeResponse | null {
  const token = webhook.query.get("validationToken");
  if (token === null) return null;
  return { status: 200, headers: { "content-type": "text/plain" }, body: token, requiresSignature: false };
}

function verifyClientState(webhook: IncomingWebhook, secret: string | undefined): VerifyResult {
  if (!secret) return fail("no client state (webhook secret) is configured for this integration");
  const body = tryParseJson(webhook);
  const items = isRecord(body) && Array.isArray(body.value) ? body.value : undefined;
  if (!items || items.length === 0) return fail("no notifications to verify");
  // Check every item without stopping early: one forged item rejects the whole request.
  let allMatch = true;
  for (const item of items) {
    const clientState = isRecord(item) ? stringField(item.clientState) : undefined;
    if (clientState === undefined || !safeEqual(clientState, secret)) allMatch = false;
  }
  return allMatch ? verified : fail("clientState missing or not matching in at least one notification");
}

function idempotencyKeyOf(item: JsonObject): string | null {
  const subscriptionId = stringField(item.subscriptionId) ?? "";
  const id = stringField(item.id);
  if (id !== undefined) return `${subscriptionId}:${id}`;
  const lifecycleEvent = stringField(item.lifecycleEvent);
  if (lifecycleEvent !== undefined)
    return [subscriptionId, lifecycleEvent, stringField(item.subscriptionExpirationDateTime) ?? ""].join(":");
  const changeType = stringField(item.changeType) ?? "";
  const resource = stringField(item.resource) ?? "";
  const etag = stringField(recordField(item, "resourceData")?.["@odata.etag"]);
  if (etag !== undefined) return [subscriptionId, resource, changeType, etag].join(":");
  // Without an etag, two updates of one resource look alike; only a deletion is safe to collapse.
  return changeType === "deleted" ? [subscriptionId, resource, changeType].join(":") : null;
}

function splitGraph(webhook: IncomingWebhook): WebhookEvent[] {
  const body = parseJsonObject(webhook);
  if (!Array.isArray(body.value)) throw new WebhookParseError("Microsoft Graph notification without a value array");
  return body.value.map((item: unknown, index) => {
    if (!isRecord(item)) throw new WebhookParseError(`Microsoft Graph notification ${index} is not an object`);
    const id = stringField(item.id);
    return {
      type: stringField(item.changeType) ?? stringField(item.lifecycleEvent) ?? "unknown",
      attribution: attributionOf({ tenantId: stringField(item.tenantId) }),
      idempotencyKey: idempotencyKeyOf(item),
      objectId: stringField(recordField(item, "resourceData")?.id) ?? stringField(item.resource),
      providerEventId: id,
      payload: item,
    };
  });
}

export const microsoftGraph: ProviderDefinition = {
  id: "microsoft-graph",
  name: "Microsoft Graph",
  description: "Microsoft 365: mail, calendars, Teams messages, OneDrive files, users and groups.",
  docsUrl: "https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks",
  auth: {
    mode: "oauth2",
    authorizationUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    tokenUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
    defaultScopes: ["offline_access", "User.Read"],
    scopeSeparator: " ",
    authorizationParams: { response_mode: "query" },
  },
  apiBaseUrl: "https://graph.microsoft.com/v1.0",
  attributionKeys: ["tenantId"],
  webhookSetup:
    "Graph has no dashboard for webhooks: subscriptions are created per connection with POST /subscriptions, with " +
    "notificationUrl (and lifecycleNotificationUrl) set to the URL above and clientState set to this integration's webhook " +
    "secret (a random string of at most 255 characters that you choose and paste here). Graph does not sign notifications; " +
    "each one must carry that clientState. Validation requests (?validationToken=…) are answered automatically. Subscriptions " +
    "expire within days and must be renewed. Notifications are attributed by tenantId.",
  webhooks: {
    secretSource: "webhookSecret",
    signed: true,
    handshake: (webhook) => answerValidation(webhook),
    verify: (webhook, context) => verifyClientState(webhook, context.secret),
    split: (webhook) => splitGraph(webhook),
  },
};
