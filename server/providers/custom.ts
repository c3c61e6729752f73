// The generic provider: any API that signs webhooks with an HMAC, described by integration
// settings (see custom.schema.ts). Unsigned APIs must say so with `unsigned: true`; anything
// else without a signature configuration is refused.

import { customSettingsSchema, type CustomSettings } from "./custom.schema";
import { attributionOf, idString, readJsonPath } from "./payload";
import { defaultToleranceSec, fail, readHeader, verifyHmacSignature, type HmacSignatureSpec } from "./signatures";
import {
  WebhookParseError,
  type HandshakeResponse,
  type IncomingWebhook,
  type ProviderDefinition,
  type VerifyResult,
  type WebhookContext,
  type WebhookEvent,
} from "./types";

type SettingsResult = { ok: true; settings: CustomSettings } | { ok: false; reason: string };

// Settings objects are reused across requests (the integration cache), so parse each once.
const parsed = new WeakMap<Record<string, unknown>, SettingsResult>();

export function readCustomSettings(settings: Record<string, unknown>): SettingsResult {
  const cached = parsed.get(settings);
  if (cached) return cached;
  const result = customSettingsSchema.safeParse(settings);
  const outcome: SettingsResult = result.success
    ? { ok: true, settings: result.data }
    : { ok: false, reason: result.error.issues.map((issue) => `${issue.path.join(".") || "settings"}: ${issue.message}`).join("; ") };
  parsed.set(settings, outcome);
  return outcome;
}

function settingsOrThrow(context: WebhookContext): CustomSettings {
  const result = readCustomSettings(context.settings);
  if (!result.ok) throw new WebhookParseError(`custom provider settings are invalid: ${result.reason}`);
  return result.settings;
}

/** The declarative signature spec a custom integration's settings describe. */
export function customSignatureSpec(signature: NonNullable<CustomSettings["signature"]>): HmacSignatureSpec {
  return {
    header: signature.header,
    algorithm: signature.algorithm,
    encoding: signature.encoding,
    prefix: signature.prefix,
    template: signature.signedContent === "body" ? "{body}" : signature.signedContent,
    timestamp: signature.timestampHeader
      ? { header: signature.timestampHeader, unit: "auto", toleranceSec: signature.toleranceSec ?? defaultToleranceSec }
      : undefined,
  };
}

function verifyCustom(webhook: IncomingWebhook, context: WebhookContext): VerifyResult {
  const result = readCustomSettings(context.settings);
  if (!result.ok) return fail(`custom provider settings are invalid: ${result.reason}`);
  const { signature, unsigned } = result.settings;
  if (unsigned) return { ok: true, note: "not verified: the integration declares that this API does not sign its webhooks" };
  if (!signature) return fail("no signature is configured in the integration settings (or unsigned: true for APIs that cannot sign)");
  return verifyHmacSignature(customSignatureSpec(signature), webhook, context.secret, context.now);
}

function parseBody(webhook: IncomingWebhook, jsonRequired: boolean): unknown {
  const text = webhook.rawBody.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (jsonRequired) throw new WebhookParseError("the webhook body is not valid JSON");
    return text;
  }
}

const queryPrefix = "query.";

function challengeValue(webhook: IncomingWebhook, path: string, body: () => unknown): string | undefined {
  if (path.startsWith(queryPrefix)) return webhook.query.get(path.slice(queryPrefix.length)) ?? undefined;
  return idString(readJsonPath(body(), path));
}

function answerChallenge(webhook: IncomingWebhook, context: WebhookContext): HandshakeResponse | null {
  const result = readCustomSettings(context.settings);
  if (!result.ok || !result.settings.challenge) return null;
  const { path, respondWith, requiresSignature } = result.settings.challenge;
  const value = challengeValue(webhook, path, () => parseBody(webhook, false));
  if (value === undefined) return null;
  const isQuery = path.startsWith(queryPrefix);
  const name =
    path
      .split(/[.[\]"']+/)
      .filter(Boolean)
      .pop() ?? "challenge";
  return respondWith === "json"
    ? {
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ [name]: value }),
        requiresSignature: requiresSignature ?? !isQuery,
      }
    : { status: 200, headers: { "content-type": "text/plain" }, body: value, requiresSignature: requiresSignature ?? !isQuery };
}

function splitCustom(webhook: IncomingWebhook, context: WebhookContext): WebhookEvent[] {
  const settings = settingsOrThrow(context);
  const usesPaths =
    settings.eventTypePath !== undefined ||
    settings.idempotencyPath !== undefined ||
    settings.objectIdPath !== undefined ||
    settings.attribution.some((entry) => "path" in entry);
  // A challenge request is answered by handshake(), not turned into an event.
  const challengePath = settings.challenge?.path;
  if (challengePath?.startsWith(queryPrefix) && challengeValue(webhook, challengePath, () => undefined) !== undefined) return [];
  const body = parseBody(webhook, usesPaths);
  if (challengePath !== undefined && challengeValue(webhook, challengePath, () => body) !== undefined) return [];

  const attribution: Record<string, string | undefined> = {};
  for (const entry of settings.attribution) {
    attribution[entry.key] = "header" in entry ? readHeader(webhook, entry.header) : idString(readJsonPath(body, entry.path));
  }
  const idempotencyKey =
    settings.idempotencyHeader !== undefined
      ? readHeader(webhook, settings.idempotencyHeader)
      : settings.idempotencyPath !== undefined
        ? idString(readJsonPath(body, settings.idempotencyPath))
        : undefined;
  return [
    {
      type: settings.eventTypePath !== undefined ? (idString(readJsonPath(body, settings.eventTypePath)) ?? "unknown") : "webhook",
      attribution: attributionOf(attribution),
      idempotencyKey: idempotencyKey ?? null,
      objectId: settings.objectIdPath !== undefined ? idString(readJsonPath(body, settings.objectIdPath)) : undefined,
      providerEventId: idempotencyKey,
      payload: body,
    },
  ];
}

export const custom: ProviderDefinition = {
  id: "custom",
  name: "Custom API",
  description: "Any API that sends HMAC-signed webhooks: signature, event type and attribution set in the integration settings.",
  docsUrl: "https://www.standardwebhooks.com",
  auth: { mode: "none" },
  apiBaseUrl: "",
  attributionKeys: [],
  webhookSetup:
    "Paste the URL above wherever the API lets you register a webhook endpoint, and paste the signing secret it gives you (or " +
    "the one you chose) as this integration's webhook secret. In the settings, describe the signature (header, algorithm, hex " +
    "or base64, prefix, signed content such as {timestamp}.{body}, timestamp header and tolerance), the JSON path of the event " +
    "type, the attribution keys (from a JSON path or a header) and the idempotency key. An API that cannot sign must be " +
    "declared with unsigned: true; otherwise unsigned requests are refused.",
  webhooks: {
    secretSource: "webhookSecret",
    signed: true,
    handshake: (webhook, context) => answerChallenge(webhook, context),
    verify: (webhook, context) => verifyCustom(webhook, context),
    split: (webhook, context) => splitCustom(webhook, context),
  },
};
