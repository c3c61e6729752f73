// Slack signs "v0:{timestamp}:{body}" with the app's signing secret (HMAC-SHA256, hex, "v0=").
// Events API requests are JSON; interactivity posts form-encoded `payload=<json>` and slash
// commands post form fields. url_verification and ssl_check are signed handshakes.

import {
  attributionOf,
  idString,
  isFormEncoded,
  isRecord,
  parseFormBody,
  parseJsonObject,
  recordField,
  stringField,
  toDate,
  tryParseJson,
  type JsonObject,
} from "./payload";
import { defaultToleranceSec, verifyHmacSignature, type HmacSignatureSpec } from "./signatures";
import { WebhookParseError, type HandshakeResponse, type IncomingWebhook, type ProviderDefinition, type WebhookEvent } from "./types";
import { bearer } from "./revocation";

export const slackSignature: HmacSignatureSpec = {
  header: "x-slack-signature",
  algorithm: "sha256",
  encoding: "hex",
  prefix: "v0=",
  template: "v0:{timestamp}:{body}",
  timestamp: { header: "x-slack-request-timestamp", unit: "s", toleranceSec: defaultToleranceSec },
};

function answerHandshake(webhook: IncomingWebhook): HandshakeResponse | null {
  if (isFormEncoded(webhook)) {
    // Slash command URLs get an ssl_check ping that only needs a 200.
    if (parseFormBody(webhook).get("ssl_check") === "1") return { status: 200, body: "", requiresSignature: true };
    return null;
  }
  const body = tryParseJson(webhook);
  if (!isRecord(body) || body.type !== "url_verification") return null;
  return { status: 200, headers: { "content-type": "text/plain" }, body: stringField(body.challenge) ?? "", requiresSignature: true };
}

function splitEventsApi(body: JsonObject): WebhookEvent[] {
  const outerType = stringField(body.type) ?? "unknown";
  if (outerType === "url_verification") return [];
  const event = recordField(body, "event");
  // Org-wide installs may omit team_id at the top level; the first authorization names it.
  const authorization = Array.isArray(body.authorizations) && isRecord(body.authorizations[0]) ? body.authorizations[0] : undefined;
  const eventId = stringField(body.event_id);
  return [
    {
      type: (outerType === "event_callback" ? stringField(event?.type) : undefined) ?? outerType,
      attribution: attributionOf({
        teamId: stringField(body.team_id) ?? stringField(authorization?.team_id),
        enterpriseId: stringField(body.enterprise_id) ?? stringField(authorization?.enterprise_id),
      }),
      idempotencyKey: eventId ?? null,
      objectId: stringField(event?.channel) ?? stringField(recordField(event ?? {}, "item")?.channel),
      providerEventId: eventId,
      occurredAt: toDate(body.event_time, "s"),
      payload: body,
    },
  ];
}

function splitInteraction(payload: JsonObject): WebhookEvent[] {
  const triggerId = stringField(payload.trigger_id);
  return [
    {
      type: stringField(payload.type) ?? "interaction",
      attribution: attributionOf({
        teamId: idString(recordField(payload, "team")?.id),
        enterpriseId: idString(recordField(payload, "enterprise")?.id),
      }),
      idempotencyKey: triggerId ?? null,
      objectId: idString(recordField(payload, "channel")?.id) ?? idString(recordField(payload, "view")?.id),
      providerEventId: triggerId,
      payload,
    },
  ];
}

function splitSlashCommand(form: URLSearchParams): WebhookEvent[] {
  const fields = Object.fromEntries(form.entries());
  const triggerId = stringField(fields.trigger_id);
  return [
    {
      type: "slash_command",
      attribution: attributionOf({ teamId: stringField(fields.team_id), enterpriseId: stringField(fields.enterprise_id) }),
      idempotencyKey: triggerId ?? null,
      objectId: stringField(fields.channel_id),
      providerEventId: triggerId,
      payload: fields,
    },
  ];
}

function splitSlack(webhook: IncomingWebhook): WebhookEvent[] {
  if (!isFormEncoded(webhook)) return splitEventsApi(parseJsonObject(webhook));
  const form = parseFormBody(webhook);
  if (form.get("ssl_check") === "1") return [];
  const payload = form.get("payload");
  if (payload === null) return splitSlashCommand(form);
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload) as unknown;
  } catch {
    throw new WebhookParseError("Slack interaction payload is not valid JSON");
  }
  if (!isRecord(parsed)) throw new WebhookParseError("Slack interaction payload is not a JSON object");
  return splitInteraction(parsed);
}

export const slack: ProviderDefinition = {
  id: "slack",
  name: "Slack",
  description: "Messaging: Events API, interactivity and slash commands of a Slack app.",
  docsUrl: "https://api.slack.com/authentication/verifying-requests-from-slack",
  auth: {
    mode: "oauth2",
    authorizationUrl: "https://slack.com/oauth/v2/authorize",
    tokenUrl: "https://slack.com/api/oauth.v2.access",
    // auth.revoke revokes the token that authenticates the call; Slack answers 200 with ok: false when it refuses.
    revocation: {
      kind: "request",
      build: ({ accessToken }) =>
        accessToken ? { method: "POST", base: "api", path: "/auth.revoke", headers: { authorization: bearer(accessToken) } } : null,
    },
    defaultScopes: ["channels:read", "chat:write"],
    scopeSeparator: ",",
  },
  apiBaseUrl: "https://slack.com/api",
  attributionKeys: ["teamId", "enterpriseId"],
  webhookSetup:
    "First copy the Signing Secret from api.slack.com/apps > your app > Basic Information > App Credentials and paste it here. " +
    "Then, under Event Subscriptions, enable events and set the Request URL to the URL above: Slack's url_verification challenge " +
    "is answered automatically once the secret is saved. The same URL can serve Interactivity & Shortcuts and slash commands. " +
    "Events are attributed by team_id (workspace) and, for Enterprise Grid installs, enterprise_id.",
  webhooks: {
    secretSource: "webhookSecret",
    signed: true,
    handshake: (webhook) => answerHandshake(webhook),
    verify: (webhook, context) => verifyHmacSignature(slackSignature, webhook, context.secret, context.now),
    split: (webhook) => splitSlack(webhook),
  },
  // oauth.v2.access names the workspace (team.id) and, for Enterprise Grid installs, the enterprise.
  postConnect: {
    attributionFromToken: (token) => ({
      teamId: isRecord(token.team) ? idString(token.team.id) : undefined,
      enterpriseId: isRecord(token.enterprise) ? idString(token.enterprise.id) : undefined,
    }),
  },
};
