// Calendly signs "{t}.{body}" with the webhook signing key (HMAC-SHA256, hex) and sends
// `Calendly-Webhook-Signature: t=…,v1=…`; its verification example allows three minutes.
// The envelope is { event, created_at, created_by, payload }.

import { attributionOf, parseJsonObject, recordField, stringField, toDate } from "./payload";
import { verifyTimestampedHeader } from "./signatures";
import type { IncomingWebhook, ProviderDefinition, WebhookEvent } from "./types";

export const calendlyToleranceSec = 180;

function splitCalendly(webhook: IncomingWebhook): WebhookEvent[] {
  const body = parseJsonObject(webhook);
  const event = stringField(body.event) ?? "unknown";
  const payload = recordField(body, "payload");
  const uri = stringField(payload?.uri);
  return [
    {
      type: event,
      // created_by is the user who created the subscription (the connected user); an organization
      // URI is used when the payload names one.
      attribution: attributionOf({
        organization: stringField(payload?.organization) ?? stringField(body.organization),
        user: stringField(body.created_by),
      }),
      idempotencyKey: uri !== undefined ? `${event}:${uri}` : null,
      objectId: uri,
      occurredAt: toDate(body.created_at, "iso"),
      payload: body,
    },
  ];
}

export const calendly: ProviderDefinition = {
  id: "calendly",
  name: "Calendly",
  description: "Scheduling: bookings, cancellations, no-shows and routing form submissions.",
  docsUrl: "https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures",
  auth: {
    mode: "oauth2",
    authorizationUrl: "https://auth.calendly.com/oauth/authorize",
    tokenUrl: "https://auth.calendly.com/oauth/token",
    revocation: { kind: "rfc7009", path: "/oauth/revoke" },
    defaultScopes: [],
    scopeSeparator: " ",
  },
  apiBaseUrl: "https://api.calendly.com",
  attributionKeys: ["organization", "user"],
  webhookSetup:
    "Calendly webhooks are created through the API (paid plans): POST /webhook_subscriptions with url set to the URL above, the " +
    "events, the organization URI and scope (organization or user). For an OAuth app, Calendly generates one webhook signing key " +
    "for the app (developer portal > your app): paste it here. With a personal access token you choose signing_key when creating " +
    "the subscription: paste the same value. Events are attributed by created_by, the user who created the subscription, and by " +
    "an organization URI where the payload carries one.",
  webhooks: {
    secretSource: "webhookSecret",
    signed: true,
    verify: (webhook, context) =>
      verifyTimestampedHeader({
        webhook,
        header: "calendly-webhook-signature",
        secret: context.secret,
        now: context.now,
        toleranceSec: calendlyToleranceSec,
      }),
    split: (webhook) => splitCalendly(webhook),
  },
};
