// Attio deliveries: { webhook_id, events: [...] }, signature in Attio-Signature and X-Attio-Signature.

import { hmac, hookBaseUrl, json, makeWebhook, withoutHeaders, type ProviderFixtures, type SignInput } from "./helpers";

const secret = "attio_whsec_1f3e5d7c9b2a4e6d8c0b1a3f5e7d9c2b";
const url = `${hookBaseUrl}/attio-crm`;
const webhookId = "23e42eaf-323a-41da-b5bb-fd67eebda553";
const workspaceId = "14beef7a-99f7-4534-a87e-70b564330a4c";
const actor = { type: "workspace-member", id: "50cf242c-7fa3-4cad-87d0-75b1af71c57b" };

const recordUpdated = {
  webhook_id: webhookId,
  events: [
    {
      event_type: "record.updated",
      id: {
        workspace_id: workspaceId,
        object_id: "97052eb9-e65e-443f-a297-f2d9a4a7f795",
        record_id: "bf071e1f-6035-429d-b874-d83ea64ea13b",
        attribute_id: "41252299-f8c7-4b5e-99c9-4ff8321d2f96",
      },
      actor,
    },
  ],
};

const batch = {
  webhook_id: webhookId,
  events: [
    {
      event_type: "record.created",
      id: {
        workspace_id: workspaceId,
        object_id: "97052eb9-e65e-443f-a297-f2d9a4a7f795",
        record_id: "5e3fb280-007b-495a-a530-9354bde01de1",
      },
      actor,
    },
    {
      event_type: "note.created",
      id: { workspace_id: workspaceId, note_id: "ff3f3bd4-40f4-4f80-8187-cd02385af424" },
      parent_object_id: "97052eb9-e65e-443f-a297-f2d9a4a7f795",
      parent_record_id: "5e3fb280-007b-495a-a530-9354bde01de1",
      actor,
    },
  ],
};

function delivery(input: SignInput, idempotencyKey: string, payload: unknown) {
  const body = json(payload);
  const signature = hmac("sha256", input.secret, body).toString("hex");
  return makeWebhook({
    url,
    headers: {
      "content-type": "application/json",
      "attio-signature": signature,
      "x-attio-signature": signature,
      "idempotency-key": idempotencyKey,
    },
    body,
  });
}

export const attioFixtures: ProviderFixtures = {
  provider: "attio",
  secret,
  settings: {},
  toleranceSec: null,
  unsign: (webhook) => withoutHeaders(webhook, "attio-signature", "x-attio-signature"),
  events: [
    {
      name: "record.updated",
      build: (input) => delivery(input, "c2f0d9a4-1b3e-4c5d-8e6f-7a8b9c0d1e2f", recordUpdated),
      expected: [
        {
          type: "record.updated",
          attribution: { workspaceId },
          idempotencyKey: "c2f0d9a4-1b3e-4c5d-8e6f-7a8b9c0d1e2f:0",
          objectId: "bf071e1f-6035-429d-b874-d83ea64ea13b",
        },
      ],
    },
    {
      name: "two events in one delivery",
      build: (input) => delivery(input, "9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", batch),
      expected: [
        {
          type: "record.created",
          attribution: { workspaceId },
          idempotencyKey: "9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d:0",
          objectId: "5e3fb280-007b-495a-a530-9354bde01de1",
        },
        {
          type: "note.created",
          attribution: { workspaceId },
          idempotencyKey: "9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d:1",
          objectId: "ff3f3bd4-40f4-4f80-8187-cd02385af424",
        },
      ],
    },
  ],
  handshakes: [],
};
