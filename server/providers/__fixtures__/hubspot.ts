// HubSpot webhook batches as documented (legacy and developer-platform apps share the shape).

import { createHash } from "node:crypto";
import { fixtureNow, hmac, hookBaseUrl, json, makeWebhook, withoutHeaders, type ProviderFixtures, type SignInput } from "./helpers";

const secret = "d9b1c7a2-4e3f-4a8b-9c6d-2f1e0a9b8c7d";
// HubSpot calls the URL it was given; the escaped colon checks the v3 URI decoding.
const url = `${hookBaseUrl}/hubspot-crm?source=hubspot%3Aapp`;
const occurredAt = fixtureNow.getTime() - 4_000;

const batch = [
  {
    eventId: 3817162533,
    subscriptionId: 2400712,
    portalId: 62515,
    appId: 1160452,
    occurredAt,
    subscriptionType: "contact.propertyChange",
    attemptNumber: 0,
    objectId: 1246965,
    propertyName: "lifecyclestage",
    propertyValue: "customer",
    changeSource: "CRM_UI",
    sourceId: "userId:1502915",
  },
  {
    eventId: 1929405151,
    subscriptionId: 2400698,
    portalId: 62515,
    appId: 1160452,
    occurredAt: occurredAt + 12,
    subscriptionType: "contact.creation",
    attemptNumber: 0,
    objectId: 1246978,
    changeFlag: "CREATED",
    changeSource: "FORM",
  },
  {
    eventId: 2771390067,
    subscriptionId: 2400731,
    portalId: 99174021,
    appId: 1160452,
    occurredAt: occurredAt + 40,
    subscriptionType: "deal.deletion",
    attemptNumber: 1,
    objectId: 8851223410,
    changeFlag: "DELETED",
    changeSource: "API",
  },
];

/** v3 as the docs describe it: HMAC-SHA256 of method + decoded URI + body + timestamp, base64. */
function signV3({ secret, at }: SignInput, body: string) {
  const timestamp = String(at.getTime());
  const decodedUrl = url.replace("%3A", ":");
  return {
    "x-hubspot-signature-v3": hmac("sha256", secret, `POST${decodedUrl}${body}${timestamp}`).toString("base64"),
    "x-hubspot-request-timestamp": timestamp,
    // HubSpot keeps sending the v1 signature for backward compatibility.
    "x-hubspot-signature": createHash("sha256")
      .update(secret + body)
      .digest("hex"),
    "x-hubspot-signature-version": "v1",
  };
}

function buildBatch(input: SignInput) {
  const body = json(batch);
  return makeWebhook({
    url,
    headers: {
      "content-type": "application/json",
      "user-agent": "HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nio-http-client) - WebhooksExecutorDaemon-executor",
      ...signV3(input, body),
    },
    body,
  });
}

export const hubspotFixtures: ProviderFixtures = {
  provider: "hubspot",
  secret,
  settings: {},
  toleranceSec: 300,
  unsign: (webhook) =>
    withoutHeaders(webhook, "x-hubspot-signature-v3", "x-hubspot-request-timestamp", "x-hubspot-signature", "x-hubspot-signature-version"),
  events: [
    {
      name: "batch of three events from two portals",
      build: buildBatch,
      expected: [
        {
          type: "contact.propertyChange",
          attribution: { portalId: "62515" },
          idempotencyKey: `62515:2400712:3817162533:${occurredAt}`,
          objectId: "1246965",
          providerEventId: "3817162533",
        },
        {
          type: "contact.creation",
          attribution: { portalId: "62515" },
          idempotencyKey: `62515:2400698:1929405151:${occurredAt + 12}`,
          objectId: "1246978",
          providerEventId: "1929405151",
        },
        {
          type: "deal.deletion",
          attribution: { portalId: "99174021" },
          idempotencyKey: `99174021:2400731:2771390067:${occurredAt + 40}`,
          objectId: "8851223410",
          providerEventId: "2771390067",
        },
      ],
    },
  ],
  handshakes: [],
};
