// GitHub signs the raw body (HMAC-SHA256, hex, "sha256=" prefix) with the webhook secret you
// choose. The event name is a header; `ping` is a handshake, not an event. Bodies are JSON or,
// when a webhook was set to application/x-www-form-urlencoded, JSON in a `payload` field.

import { attributionOf, idString, isFormEncoded, isRecord, parseFormBody, recordField, stringField, type JsonObject } from "./payload";
import { readHeader, verifyHmacSignature, type HmacSignatureSpec } from "./signatures";
import { WebhookParseError, type HandshakeResponse, type IncomingWebhook, type ProviderDefinition, type WebhookEvent } from "./types";
import { basicAuthorization } from "./revocation";

export const githubSignature: HmacSignatureSpec = {
  header: "x-hub-signature-256",
  algorithm: "sha256",
  encoding: "hex",
  prefix: "sha256=",
};

// The object an event is about, most specific first (an issue comment debounces on its issue).
const objectKeys = [
  "pull_request",
  "issue",
  "discussion",
  "check_run",
  "check_suite",
  "workflow_run",
  "workflow_job",
  "deployment",
  "release",
  "milestone",
  "label",
  "package",
  "comment",
] as const;

function readGitHubBody(webhook: IncomingWebhook): JsonObject {
  let text = webhook.rawBody.toString("utf8");
  if (isFormEncoded(webhook)) {
    const payload = parseFormBody(webhook).get("payload");
    if (payload === null) throw new WebhookParseError("form-encoded GitHub webhook without a payload field");
    text = payload;
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new WebhookParseError("the webhook body is not valid JSON");
  }
  if (!isRecord(body)) throw new WebhookParseError("the webhook body is not a JSON object");
  return body;
}

function objectIdOf(body: JsonObject): string | undefined {
  for (const key of objectKeys) {
    const id = idString(recordField(body, key)?.id);
    if (id !== undefined) return id;
  }
  return stringField(body.after) ?? idString(recordField(body, "repository")?.id);
}

function splitGitHub(webhook: IncomingWebhook): WebhookEvent[] {
  const event = readHeader(webhook, "x-github-event") ?? "unknown";
  const body = readGitHubBody(webhook);
  if (event === "ping") return [];
  const delivery = readHeader(webhook, "x-github-delivery");
  const action = stringField(body.action);
  return [
    {
      type: action ? `${event}.${action}` : event,
      attribution: attributionOf({ installationId: idString(recordField(body, "installation")?.id) }),
      idempotencyKey: delivery ?? null,
      objectId: objectIdOf(body),
      providerEventId: delivery,
      payload: body,
    },
  ];
}

function answerPing(webhook: IncomingWebhook): HandshakeResponse | null {
  if (readHeader(webhook, "x-github-event") !== "ping") return null;
  return { status: 200, headers: { "content-type": "text/plain" }, body: "pong", requiresSignature: true };
}

export const github: ProviderDefinition = {
  id: "github",
  name: "GitHub",
  description: "Code hosting: repositories, issues, pull requests, workflows, through a GitHub App.",
  docsUrl: "https://docs.github.com/en/webhooks",
  auth: {
    mode: "oauth2",
    authorizationUrl: "https://github.com/login/oauth/authorize",
    tokenUrl: "https://github.com/login/oauth/access_token",
    // Deleting an app token: DELETE /applications/{client_id}/token with the token in the body, the app authenticated with Basic.
    revocation: {
      kind: "request",
      build: ({ accessToken, clientId, clientSecret }) =>
        accessToken && clientId && clientSecret
          ? {
              method: "DELETE",
              base: "api",
              path: `/applications/${encodeURIComponent(clientId)}/token`,
              headers: { authorization: basicAuthorization(clientId, clientSecret), accept: "application/vnd.github+json" },
              json: { access_token: accessToken },
            }
          : null,
    },
    defaultScopes: [],
    scopeSeparator: " ",
  },
  apiBaseUrl: "https://api.github.com",
  attributionKeys: ["installationId"],
  webhookSetup:
    "In your GitHub App's settings (Settings > Developer settings > GitHub Apps > your app > General) enable Webhook, set the " +
    "Webhook URL to the URL above and enter a Webhook secret you generate; paste the same secret here. Subscribe to events under " +
    "Permissions & events. GitHub's ping is answered automatically. Events are attributed by installation.id, so repository or " +
    "organization webhooks (Settings > Webhooks) that carry no installation arrive unattributed.",
  // Events carry installation.id. Installing the GitHub App redirects with installation_id, which
  // the end user could change: it is taken only when the user's own installations list it (one
  // call with the new user token); without it, the user's only installation is taken.
  postConnect: {
    infoRequest: () => ({ method: "GET", path: "/user/installations?per_page=100" }),
    attributionFromInfo: (body, callback) => {
      const installations = isRecord(body) && Array.isArray(body.installations) ? body.installations : [];
      const ids = installations.map((installation) => (isRecord(installation) ? idString(installation.id) : undefined));
      const claimed = callback.installation_id;
      if (claimed !== undefined) return { installationId: ids.includes(claimed) ? claimed : undefined };
      return { installationId: ids.length === 1 ? ids[0] : undefined };
    },
  },
  webhooks: {
    secretSource: "webhookSecret",
    signed: true,
    handshake: (webhook) => answerPing(webhook),
    verify: (webhook, context) => verifyHmacSignature(githubSignature, webhook, context.secret, context.now),
    split: (webhook) => splitGitHub(webhook),
  },
};
