// Custom provider variants, each an integration configuration of a different (made-up but
// typical) API: body HMAC with a prefix, a timestamped template, and a sha1 template with a
// query-string challenge.

import type { CustomSettingsInput } from "../custom.schema";
import { hmac, hookBaseUrl, json, makeWebhook, withoutHeaders, type ProviderFixtures, type SignInput } from "./helpers";

const bodyHmacSettings = {
  signature: { header: "X-Signature", algorithm: "sha256", encoding: "hex", prefix: "sha256=", signedContent: "body" },
  eventTypePath: "event.type",
  attribution: [
    { key: "accountId", path: "account.id" },
    { key: "region", header: "X-Region" },
  ],
  idempotencyHeader: "X-Delivery-Id",
  objectIdPath: "data.object.id",
} satisfies CustomSettingsInput;

const timestampedSettings = {
  signature: {
    header: "webhook-signature",
    algorithm: "sha512",
    encoding: "base64",
    signedContent: "{timestamp}.{body}",
    timestampHeader: "webhook-timestamp",
    toleranceSec: 120,
  },
  eventTypePath: "$.type",
  attribution: [{ key: "tenantId", path: "$.tenant" }],
  idempotencyPath: "$.id",
  challenge: { path: "challenge", respondWith: "json" },
} satisfies CustomSettingsInput;

const methodUrlSettings = {
  signature: { header: "x-hook-signature", algorithm: "sha1", encoding: "hex", signedContent: "{method}\n{url}\n{body}" },
  eventTypePath: "events[0].name",
  attribution: [{ key: "siteId", path: "site['id']" }],
  idempotencyPath: "delivery",
  challenge: { path: "query.hub.challenge", respondWith: "text" },
} satisfies CustomSettingsInput;

function bodyHmacRequest(input: SignInput, payload: unknown, delivery: string) {
  const body = json(payload);
  return makeWebhook({
    url: `${hookBaseUrl}/billing-api`,
    headers: {
      "content-type": "application/json",
      "x-signature": `sha256=${hmac("sha256", input.secret, body).toString("hex")}`,
      "x-region": "eu-west",
      "x-delivery-id": delivery,
    },
    body,
  });
}

function timestampedRequest(input: SignInput, payload: unknown) {
  const body = json(payload);
  const timestamp = String(input.at.getTime());
  return makeWebhook({
    url: `${hookBaseUrl}/events-api`,
    headers: {
      "content-type": "application/json",
      "webhook-timestamp": timestamp,
      "webhook-signature": hmac("sha512", input.secret, `${timestamp}.${body}`).toString("base64"),
    },
    body,
  });
}

function methodUrlRequest(input: SignInput, payload: unknown, method = "POST", query = "") {
  const body = payload === undefined ? "" : json(payload);
  const url = `${hookBaseUrl}/site-hooks${query}`;
  return makeWebhook({
    method,
    url,
    headers: {
      "content-type": "application/json",
      "x-hook-signature": hmac("sha1", input.secret, `${method}\n${url}\n${body}`).toString("hex"),
    },
    body,
  });
}

export const customFixtures: ProviderFixtures[] = [
  {
    provider: "custom",
    variant: "sha256 hex of the body with a sha256= prefix",
    secret: "custom-body-secret-2b4d6f8a",
    settings: bodyHmacSettings,
    toleranceSec: null,
    unsign: (webhook) => withoutHeaders(webhook, "x-signature"),
    events: [
      {
        name: "invoice.finalized",
        build: (input) =>
          bodyHmacRequest(
            input,
            { event: { type: "invoice.finalized" }, account: { id: 48213 }, data: { object: { id: "inv_901", total: 1200 } } },
            "dlv_7f3a9c",
          ),
        expected: [
          {
            type: "invoice.finalized",
            attribution: { accountId: "48213", region: "eu-west" },
            idempotencyKey: "dlv_7f3a9c",
            objectId: "inv_901",
            providerEventId: "dlv_7f3a9c",
          },
        ],
      },
    ],
    handshakes: [],
  },
  {
    provider: "custom",
    variant: "sha512 base64 of {timestamp}.{body}, millisecond timestamps, JSON challenge",
    secret: "custom-ts-secret-1a3c5e7g",
    settings: timestampedSettings,
    toleranceSec: 120,
    unsign: (webhook) => withoutHeaders(webhook, "webhook-signature"),
    events: [
      {
        name: "user.deleted",
        build: (input) => timestampedRequest(input, { id: "msg_2ZqR8", type: "user.deleted", tenant: "tn_acme", data: { user: "u_12" } }),
        expected: [{ type: "user.deleted", attribution: { tenantId: "tn_acme" }, idempotencyKey: "msg_2ZqR8" }],
      },
    ],
    handshakes: [
      {
        name: "body challenge",
        build: (input) => timestampedRequest(input, { challenge: "c4llenge-9d1e" }),
        expected: {
          status: 200,
          body: () => json({ challenge: "c4llenge-9d1e" }),
          contentType: "application/json",
          requiresSignature: true,
        },
      },
    ],
  },
  {
    provider: "custom",
    variant: "sha1 hex of {method}, {url} and {body}, query challenge",
    secret: "custom-sha1-secret-0z9y8x",
    settings: methodUrlSettings,
    toleranceSec: null,
    unsign: (webhook) => withoutHeaders(webhook, "x-hook-signature"),
    events: [
      {
        name: "page.published",
        build: (input) =>
          methodUrlRequest(input, { delivery: 991, site: { id: "site_44" }, events: [{ name: "page.published" }] }, "POST", "?v=2"),
        expected: [{ type: "page.published", attribution: { siteId: "site_44" }, idempotencyKey: "991" }],
      },
    ],
    handshakes: [
      {
        name: "query challenge (unsigned)",
        build: (input) => methodUrlRequest(input, undefined, "GET", "?hub.mode=subscribe&hub.challenge=1158201444"),
        expected: { status: 200, body: () => "1158201444", contentType: "text/plain", requiresSignature: false },
      },
    ],
  },
];
