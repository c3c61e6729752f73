// Shopify deliveries: REST resource bodies, topic and ids in X-Shopify-* headers.

import { hmac, hookBaseUrl, json, makeWebhook, withoutHeaders, type ProviderFixtures, type SignInput } from "./helpers";

const secret = "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";
const url = `${hookBaseUrl}/shopify-store`;

// Raw JSON text: the ids exceed 2^53 as in Shopify's reference payloads, which JSON.parse cannot keep exact.
const orderCreated =
  '{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","name":"#1001",' +
  '"email":"jon@example.com","created_at":"2026-11-28T06:59:51-05:00","currency":"USD","financial_status":"paid",' +
  '"fulfillment_status":null,"total_price":"199.65","customer":{"id":115310627314723954,"email":"jon@example.com",' +
  '"first_name":"Jon","last_name":"Snow"},"line_items":[{"id":866550311766439020,"product_id":632910392,' +
  '"title":"IPod Nano - 8GB","quantity":1,"price":"199.00","sku":"IPOD2008PINK"}]}';

const productUpdated = {
  id: 7917364813935,
  admin_graphql_api_id: "gid://shopify/Product/7917364813935",
  title: "Example T-Shirt",
  status: "active",
  vendor: "Acme",
  product_type: "Shirts",
  updated_at: "2026-11-28T06:59:55-05:00",
  variants: [{ id: 43129080721519, price: "19.99", sku: "example-shirt-s" }],
};

function sign({ secret }: SignInput, body: string) {
  return hmac("sha256", secret, body).toString("base64");
}

function delivery(input: SignInput, topic: string, payload: unknown, ids: Record<string, string>) {
  const body = typeof payload === "string" ? payload : json(payload);
  return makeWebhook({
    url,
    headers: {
      "content-type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": sign(input, body),
      "X-Shopify-Shop-Domain": "cool-store.myshopify.com",
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Triggered-At": "2026-11-28T11:59:56.123Z",
      ...ids,
    },
    body,
  });
}

export const shopifyFixtures: ProviderFixtures = {
  provider: "shopify",
  secret,
  settings: {},
  toleranceSec: null,
  unsign: (webhook) => withoutHeaders(webhook, "x-shopify-hmac-sha256"),
  events: [
    {
      name: "orders/create with an event id",
      build: (input) =>
        delivery(input, "orders/create", orderCreated, {
          "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
          "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
        }),
      expected: [
        {
          type: "orders/create",
          attribution: { shopDomain: "cool-store.myshopify.com" },
          idempotencyKey: "orders/create:98880550-7158-44d4-b7cd-2c97c8a091b5",
          objectId: "820982911946154508",
          providerEventId: "98880550-7158-44d4-b7cd-2c97c8a091b5",
        },
      ],
    },
    {
      name: "products/update with only a webhook id",
      build: (input) =>
        delivery(input, "products/update", productUpdated, { "X-Shopify-Webhook-Id": "1f7e2d3c-5b4a-4c9d-8e7f-6a5b4c3d2e1f" }),
      expected: [
        {
          type: "products/update",
          attribution: { shopDomain: "cool-store.myshopify.com" },
          idempotencyKey: "1f7e2d3c-5b4a-4c9d-8e7f-6a5b4c3d2e1f",
          objectId: "7917364813935",
          providerEventId: "1f7e2d3c-5b4a-4c9d-8e7f-6a5b4c3d2e1f",
        },
      ],
    },
  ],
  handshakes: [],
};
