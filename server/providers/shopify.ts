// Shopify signs the raw body with the app's client secret (HMAC-SHA256, base64). Topic, shop and
// delivery ids travel in headers; the body is the REST resource for the topic.

import { attributionOf, idString, parseJsonBody, isRecord, stringField, toDate } from "./payload";
import { readHeader, verifyHmacSignature, type HmacSignatureSpec } from "./signatures";
import type { IncomingWebhook, ProviderDefinition, WebhookEvent } from "./types";

export const shopifySignature: HmacSignatureSpec = { header: "x-shopify-hmac-sha256", algorithm: "sha256", encoding: "base64" };

/** "gid://shopify/Order/820982911946154508" → "820982911946154508": exact even where `id` lost precision. */
function gidTail(gid: string | undefined): string | undefined {
  return gid?.split("/").pop() || gid;
}

function splitShopify(webhook: IncomingWebhook): WebhookEvent[] {
  const payload = parseJsonBody(webhook);
  const topic = readHeader(webhook, "x-shopify-topic") ?? "unknown";
  const eventId = readHeader(webhook, "x-shopify-event-id");
  const webhookId = readHeader(webhook, "x-shopify-webhook-id");
  const body = isRecord(payload) ? payload : {};
  // X-Shopify-Event-Id is shared by every delivery one merchant action produces (several topics),
  // so it is scoped by topic; X-Shopify-Webhook-Id identifies a single delivery.
  const idempotencyKey = eventId !== undefined ? `${topic}:${eventId}` : (webhookId ?? null);
  return [
    {
      type: topic,
      attribution: attributionOf({ shopDomain: readHeader(webhook, "x-shopify-shop-domain")?.toLowerCase() }),
      idempotencyKey,
      objectId: idString(body.id) ?? gidTail(stringField(body.admin_graphql_api_id)),
      providerEventId: eventId ?? webhookId,
      occurredAt: toDate(readHeader(webhook, "x-shopify-triggered-at"), "iso"),
      payload,
    },
  ];
}

export const shopify: ProviderDefinition = {
  id: "shopify",
  name: "Shopify",
  description: "Commerce: orders, products, customers, inventory and app lifecycle.",
  docsUrl: "https://shopify.dev/docs/apps/build/webhooks",
  auth: {
    mode: "oauth2",
    authorizationUrl: "https://{shop}.myshopify.com/admin/oauth/authorize",
    tokenUrl: "https://{shop}.myshopify.com/admin/oauth/access_token",
    // Uninstalls the app from the shop, which revokes its access token.
    revocation: {
      kind: "request",
      build: ({ accessToken }) =>
        accessToken
          ? {
              method: "DELETE",
              base: "api",
              path: "/admin/api_permissions/current.json",
              headers: { "x-shopify-access-token": accessToken },
            }
          : null,
    },
    // The Admin API takes the token in its own header, not as a bearer token.
    accessTokenHeader: "X-Shopify-Access-Token",
    defaultScopes: ["read_products", "read_orders"],
    scopeSeparator: ",",
    connectionConfig: [
      {
        name: "shop",
        label: "Shop subdomain (the part before .myshopify.com)",
        pattern: "^[a-zA-Z0-9][a-zA-Z0-9-]*$",
        example: "my-store",
      },
    ],
  },
  apiBaseUrl: "https://{shop}.myshopify.com",
  attributionKeys: ["shopDomain"],
  webhookSetup:
    "Subscribe to topics in your app's configuration (shopify.app.toml [webhooks] subscriptions with uri set to the URL above, " +
    "then deploy) or with the Admin API webhookSubscriptionCreate mutation. Shopify signs app webhooks with the app's client " +
    "secret (Dev Dashboard or Partner Dashboard > your app > Settings > Client secret). Webhooks created in a store's admin " +
    "(Settings > Notifications > Webhooks) are signed with the key shown on that page instead: paste it as the webhook secret. " +
    "Events are attributed by the X-Shopify-Shop-Domain header (my-store.myshopify.com).",
  webhooks: {
    secretSource: "clientSecret",
    signed: true,
    verify: (webhook, context) => verifyHmacSignature(shopifySignature, webhook, context.secret, context.now),
    split: (webhook) => splitShopify(webhook),
  },
  // Shopify webhooks name the shop by its myshopify domain, which the end user typed on the connect page.
  postConnect: {
    attributionFromToken: (_token, config) => ({ shopDomain: config.shop ? `${config.shop.toLowerCase()}.myshopify.com` : undefined }),
  },
};
