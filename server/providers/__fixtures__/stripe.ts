// Stripe event objects (API 2025 shape) with a Stripe-Signature carrying two v1 values, as
// during a secret roll: one from the old secret, one from the current.

import { fixtureNow, hmac, hookBaseUrl, makeWebhook, seconds, withoutHeaders, type ProviderFixtures, type SignInput } from "./helpers";

const secret = "whsec_5c0f7e2b9a1d4e6f8a3b2c1d0e9f8a7b";
const url = `${hookBaseUrl}/stripe-payments`;
const created = seconds(fixtureNow) - 3;

const connectEvent = {
  id: "evt_1QbT7uJ6vKp2Lm8NoPq3RsTu",
  object: "event",
  account: "acct_1Pz9YxHk4Lm2Nq7R",
  api_version: "2025-10-29.clover",
  created,
  data: {
    object: {
      id: "sub_1QbT7sJ6vKp2Lm8N4a5b6c7d",
      object: "subscription",
      customer: "cus_RT5xYz8AbCdEfG",
      status: "active",
      cancel_at_period_end: true,
    },
    previous_attributes: { cancel_at_period_end: false },
  },
  livemode: false,
  pending_webhooks: 2,
  request: { id: "req_8h7G6f5E4d3C2b", idempotency_key: "a5c1f3c6-8b2e-4d7a-9f1e-0c3b2a1d4e5f" },
  type: "customer.subscription.updated",
};

const platformEvent = {
  id: "evt_1QbT8aJ6vKp2Lm8NxYz0AbCd",
  object: "event",
  api_version: "2025-10-29.clover",
  created,
  data: { object: { id: "in_1QbT8ZJ6vKp2Lm8NeFgHiJkL", object: "invoice", status: "paid", amount_paid: 2900, currency: "usd" } },
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  type: "invoice.paid",
};

function build(input: SignInput, event: unknown) {
  const body = JSON.stringify(event, null, 2);
  const t = String(seconds(input.at));
  const signature = (key: string) => hmac("sha256", key, `${t}.${body}`).toString("hex");
  return makeWebhook({
    url,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      "stripe-signature": `t=${t},v1=${signature("whsec_previous_rolled_secret")},v1=${signature(input.secret)},v0=${signature("legacy")}`,
    },
    body,
  });
}

export const stripeFixtures: ProviderFixtures = {
  provider: "stripe",
  secret,
  settings: {},
  toleranceSec: 300,
  unsign: (webhook) => withoutHeaders(webhook, "stripe-signature"),
  events: [
    {
      name: "Connect event of a connected account",
      build: (input) => build(input, connectEvent),
      expected: [
        {
          type: "customer.subscription.updated",
          attribution: { accountId: "acct_1Pz9YxHk4Lm2Nq7R" },
          idempotencyKey: "evt_1QbT7uJ6vKp2Lm8NoPq3RsTu",
          objectId: "sub_1QbT7sJ6vKp2Lm8N4a5b6c7d",
          providerEventId: "evt_1QbT7uJ6vKp2Lm8NoPq3RsTu",
        },
      ],
    },
    {
      name: "platform event without account (unattributed)",
      build: (input) => build(input, platformEvent),
      expected: [
        {
          type: "invoice.paid",
          attribution: {},
          idempotencyKey: "evt_1QbT8aJ6vKp2Lm8NxYz0AbCd",
          objectId: "in_1QbT8ZJ6vKp2Lm8NeFgHiJkL",
          providerEventId: "evt_1QbT8aJ6vKp2Lm8NxYz0AbCd",
        },
      ],
    },
  ],
  handshakes: [],
};
