// Linear data-change webhooks: the replay timestamp (webhookTimestamp, ms) is inside the signed body.

import { hmac, hookBaseUrl, json, makeWebhook, withoutHeaders, type ProviderFixtures, type SignInput } from "./helpers";

const secret = "lin_wh_3b7d9f1a2c4e6b8d0f1a3c5e7b9d1f2a";
const url = `${hookBaseUrl}/linear-app`;
const organizationId = "9c4f2b1a-7d3e-4f5a-8b6c-1d2e3f4a5b6c";

function issueCreated(at: Date) {
  return {
    action: "create",
    actor: { id: "2e5a8f1c-3b4d-4e6f-9a0b-1c2d3e4f5a6b", type: "user", name: "Jane Doe" },
    createdAt: "2026-11-28T11:59:57.120Z",
    data: {
      id: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b",
      identifier: "ENG-123",
      number: 123,
      title: "Webhook retries double-count",
      priority: 2,
      teamId: "b7a6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d",
      stateId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    },
    url: "https://linear.app/acme/issue/ENG-123/webhook-retries-double-count",
    type: "Issue",
    organizationId,
    webhookTimestamp: at.getTime(),
    webhookId: "4d5e6f7a-8b9c-4d0e-a1f2-3b4c5d6e7f8a",
  };
}

function commentUpdated(at: Date) {
  return {
    action: "update",
    createdAt: "2026-11-28T11:59:58.003Z",
    data: { id: "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d", body: "Fixed in #88", issueId: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b" },
    updatedFrom: { body: "Fixing" },
    url: "https://linear.app/acme/issue/ENG-123#comment-6a7b8c9d",
    type: "Comment",
    organizationId,
    webhookTimestamp: at.getTime(),
    webhookId: "4d5e6f7a-8b9c-4d0e-a1f2-3b4c5d6e7f8a",
  };
}

function delivery(input: SignInput, eventType: string, deliveryId: string, payload: unknown) {
  const body = json(payload);
  return makeWebhook({
    url,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Linear-Webhook",
      "linear-delivery": deliveryId,
      "linear-event": eventType,
      "linear-signature": hmac("sha256", input.secret, body).toString("hex"),
    },
    body,
  });
}

export const linearFixtures: ProviderFixtures = {
  provider: "linear",
  secret,
  settings: {},
  toleranceSec: 60,
  unsign: (webhook) => withoutHeaders(webhook, "linear-signature"),
  events: [
    {
      name: "Issue create",
      build: (input) => delivery(input, "Issue", "234d1a4e-b617-4388-90fe-adc3633d6b72", issueCreated(input.at)),
      expected: [
        {
          type: "Issue.create",
          attribution: { organizationId },
          idempotencyKey: "234d1a4e-b617-4388-90fe-adc3633d6b72",
          objectId: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b",
          providerEventId: "234d1a4e-b617-4388-90fe-adc3633d6b72",
        },
      ],
    },
    {
      name: "Comment update",
      build: (input) => delivery(input, "Comment", "8c2f5b1e-9d3a-4e7f-a6b0-c1d2e3f4a5b6", commentUpdated(input.at)),
      expected: [
        {
          type: "Comment.update",
          attribution: { organizationId },
          idempotencyKey: "8c2f5b1e-9d3a-4e7f-a6b0-c1d2e3f4a5b6",
          objectId: "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        },
      ],
    },
  ],
  handshakes: [],
};
