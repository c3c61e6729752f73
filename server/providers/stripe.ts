// Stripe signs "{t}.{body}" with the endpoint's signing secret and sends `t=…,v1=…` (several v1
// while a secret rolls). Connect events carry the connected account in `account`; events of the
// platform account itself carry none and stay unattributed.

import { attributionOf, idString, parseJsonObject, recordField, stringField, toDate } from "./payload";
import { defaultToleranceSec, verifyTimestampedHeader } from "./signatures";
import type { IncomingWebhook, ProviderDefinition, WebhookEvent } from "./types";
import { basicAuthorization } from "./revocation";

export const stripeToleranceSec = defaultToleranceSec;

function splitStripe(webhook: IncomingWebhook): WebhookEvent[] {
  const event = parseJsonObject(webhook);
  const id = stringField(event.id);
  const object = recordField(recordField(event, "data") ?? {}, "object");
  // Thin events (API v2 event destinations) name the account in `context` and the object in `related_object`.
  const related = recordField(event, "related_object");
  const created = event.created;
  return [
    {
      type: stringField(event.type) ?? "unknown",
      attribution: attributionOf({ accountId: stringField(event.account) ?? stringField(event.context) }),
      idempotencyKey: id ?? null,
      objectId: idString(object?.id) ?? idString(related?.id),
      providerEventId: id,
      occurredAt: typeof created === "string" && !/^\d+$/.test(created) ? toDate(created, "iso") : toDate(created, "s"),
      payload: event,
    },
  ];
}

export const stripe: ProviderDefinition = {
  id: "stripe",
  name: "Stripe",
  description: "Payments: charges, customers, subscriptions and invoices, for your platform and connected accounts.",
  docsUrl: "https://docs.stripe.com/webhooks",
  auth: {
    mode: "oauth2",
    authorizationUrl: "https://connect.stripe.com/oauth/authorize",
    tokenUrl: "https://connect.stripe.com/oauth/token",
    // Stripe Connect deauthorizes the connected account, authenticated with the platform's secret key.
    revocation: {
      kind: "request",
      build: ({ clientId, clientSecret, tokenResponse }) => {
        const account = typeof tokenResponse.stripe_user_id === "string" ? tokenResponse.stripe_user_id : undefined;
        if (!account || !clientId || !clientSecret) return null;
        return {
          method: "POST",
          base: "token",
          path: "/oauth/deauthorize",
          headers: { authorization: basicAuthorization(clientSecret, "") },
          form: { client_id: clientId, stripe_user_id: account },
        };
      },
    },
    defaultScopes: ["read_write"],
    scopeSeparator: " ",
    authorizationParams: { response_type: "code" },
  },
  apiBaseUrl: "https://api.stripe.com",
  attributionKeys: ["accountId"],
  webhookSetup:
    "In the Stripe Dashboard open Developers > Webhooks (Workbench > Webhooks), add a destination with the URL above and choose " +
    "the events; for Connect pick events from connected accounts. After saving, reveal the endpoint's signing secret (whsec_…) " +
    "and paste it here. Events from connected accounts are attributed by their `account` (acct_…); events of your own platform " +
    "account have no `account` and arrive unattributed, handled by the environment's unattributed policy.",
  webhooks: {
    secretSource: "webhookSecret",
    signed: true,
    verify: (webhook, context) =>
      verifyTimestampedHeader({
        webhook,
        header: "stripe-signature",
        secret: context.secret,
        now: context.now,
        toleranceSec: stripeToleranceSec,
      }),
    split: (webhook) => splitStripe(webhook),
  },
  // Stripe Connect's token response names the connected account (stripe_user_id).
  postConnect: {
    attributionFromToken: (token) => ({ accountId: idString(token.stripe_user_id) }),
  },
};
