// Microsoft Graph change and lifecycle notifications. Graph does not sign: the "signature" is the
// clientState each notification echoes, so unsign/tamper act on clientState.

import { hookBaseUrl, json, makeWebhook, withBody, type ProviderFixtures, type SignInput } from "./helpers";
import type { IncomingWebhook } from "../types";

const secret = "graph-client-state-5b9e2c7d1f4a8e3b";
const url = `${hookBaseUrl}/microsoft-365`;
const subscriptionId = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07";
const tenantA = "84bd8158-6d4d-4958-8b9f-9d6445542f95";
const tenantB = "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
const expiry = "2026-11-30T11:00:00.0000000Z";
const messageResource =
  "Users/ccd5f0e6-3b3c-4c3d-9c0b-1a2b3c4d5e6f/Messages/AAMkADk4ZTBiZGQ0LTJlYjktNDQ3Ny1iNjcwLWRiMWM4MTFjNmY1MgBGAAAAAAD";
const etag = 'W/"CQAAABYAAAD1VqIbh0mgRZqM2X1j2lJeAAAHJkaZ"';

function notifications(clientState: string) {
  return {
    value: [
      {
        subscriptionId,
        subscriptionExpirationDateTime: expiry,
        changeType: "created",
        resource: messageResource,
        resourceData: {
          "@odata.type": "#Microsoft.Graph.Message",
          "@odata.id": messageResource,
          "@odata.etag": etag,
          id: "AAMkADk4ZTBiZGQ0LTJlYjktNDQ3Ny1iNjcwLWRiMWM4MTFjNmY1MgBGAAAAAAD",
        },
        clientState,
        tenantId: tenantA,
      },
      {
        id: "lsgTZMr9KwAAA",
        subscriptionId,
        subscriptionExpirationDateTime: expiry,
        changeType: "updated",
        resource: "Users/ccd5f0e6-3b3c-4c3d-9c0b-1a2b3c4d5e6f/Events/AAMkAGUwNjQ4ZjIx",
        resourceData: { "@odata.type": "#Microsoft.Graph.Event", id: "AAMkAGUwNjQ4ZjIx" },
        clientState,
        tenantId: tenantA,
      },
      {
        subscriptionId: "d9a1b2c3-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        subscriptionExpirationDateTime: "2026-11-28T13:00:00.0000000Z",
        lifecycleEvent: "reauthorizationRequired",
        resource: "/teams/allMessages",
        clientState,
        tenantId: tenantB,
      },
    ],
  };
}

function build({ secret }: SignInput) {
  return makeWebhook({ url, headers: { "content-type": "application/json; charset=utf-8" }, body: json(notifications(secret)) });
}

function rewriteClientStates(webhook: IncomingWebhook, rewrite: (index: number) => string | undefined): IncomingWebhook {
  const body = JSON.parse(webhook.rawBody.toString("utf8")) as { value: Array<Record<string, unknown>> };
  body.value.forEach((item, index) => {
    const clientState = rewrite(index);
    if (clientState === undefined) delete item.clientState;
    else item.clientState = clientState;
  });
  return withBody(webhook, json(body));
}

export const microsoftGraphFixtures: ProviderFixtures = {
  provider: "microsoft-graph",
  secret,
  settings: {},
  toleranceSec: null,
  unsign: (webhook) => rewriteClientStates(webhook, () => undefined),
  // One forged notification slipped into a genuine batch must reject the whole request.
  tamper: (webhook) => rewriteClientStates(webhook, (index) => (index === 2 ? "forged-client-state" : secret)),
  events: [
    {
      name: "two change notifications and a lifecycle notification",
      build,
      expected: [
        {
          type: "created",
          attribution: { tenantId: tenantA },
          idempotencyKey: `${subscriptionId}:${messageResource}:created:${etag}`,
          objectId: "AAMkADk4ZTBiZGQ0LTJlYjktNDQ3Ny1iNjcwLWRiMWM4MTFjNmY1MgBGAAAAAAD",
        },
        {
          type: "updated",
          attribution: { tenantId: tenantA },
          idempotencyKey: `${subscriptionId}:lsgTZMr9KwAAA`,
          objectId: "AAMkAGUwNjQ4ZjIx",
          providerEventId: "lsgTZMr9KwAAA",
        },
        {
          type: "reauthorizationRequired",
          attribution: { tenantId: tenantB },
          idempotencyKey: "d9a1b2c3-4e5f-4a6b-8c7d-9e0f1a2b3c4d:reauthorizationRequired:2026-11-28T13:00:00.0000000Z",
          objectId: "/teams/allMessages",
        },
      ],
    },
  ],
  handshakes: [
    {
      name: "subscription validation",
      build: () =>
        makeWebhook({
          url: `${url}?validationToken=Validation%3A%20Testing%20client%20application%20reachability%20for%20subscription%20Request-Id%3A%2025ad18d4-5ac3-4bd5-a1e7-ad6a1b6f6c5e`,
          headers: { "content-type": "text/plain; charset=utf-8" },
          body: "",
        }),
      expected: {
        status: 200,
        body: () => "Validation: Testing client application reachability for subscription Request-Id: 25ad18d4-5ac3-4bd5-a1e7-ad6a1b6f6c5e",
        contentType: "text/plain",
        requiresSignature: false,
      },
    },
  ],
};
