// Attio signs the raw body (HMAC-SHA256, hex) with the webhook's secret in Attio-Signature
// (duplicated as X-Attio-Signature). A delivery holds an `events` array; Idempotency-Key is the
// same across retries of one delivery, so each event's key adds its index.

import { attributionOf, idString, isRecord, parseJsonObject, recordField, stringField, type JsonObject } from "./payload";
import { readHeader, verifyHmacSignature, type HmacSignatureSpec } from "./signatures";
import { WebhookParseError, type IncomingWebhook, type ProviderDefinition, type VerifyResult, type WebhookEvent } from "./types";

export const attioSignature: HmacSignatureSpec = { header: "attio-signature", algorithm: "sha256", encoding: "hex" };

// Most specific id first: an attribute change on a record debounces on the record.
const objectIdKeys = ["record_id", "entry_id", "note_id", "task_id", "comment_id", "thread_id", "list_id", "object_id", "attribute_id"];

function verifyAttio(webhook: IncomingWebhook, secret: string | undefined, now: Date): VerifyResult {
  const header =
    readHeader(webhook, "attio-signature") === undefined && readHeader(webhook, "x-attio-signature")
      ? "x-attio-signature"
      : "attio-signature";
  return verifyHmacSignature({ ...attioSignature, header }, webhook, secret, now);
}

function objectIdOf(ids: JsonObject | undefined): string | undefined {
  if (!ids) return undefined;
  for (const key of objectIdKeys) {
    const id = idString(ids[key]);
    if (id !== undefined) return id;
  }
  return undefined;
}

function splitAttio(webhook: IncomingWebhook): WebhookEvent[] {
  const body = parseJsonObject(webhook);
  if (!Array.isArray(body.events)) throw new WebhookParseError("Attio webhook without an events array");
  const deliveryKey = readHeader(webhook, "idempotency-key");
  return body.events.map((event: unknown, index) => {
    if (!isRecord(event)) throw new WebhookParseError(`Attio event ${index} is not an object`);
    const ids = recordField(event, "id");
    return {
      type: stringField(event.event_type) ?? "unknown",
      attribution: attributionOf({ workspaceId: idString(ids?.workspace_id) }),
      idempotencyKey: deliveryKey !== undefined ? `${deliveryKey}:${index}` : null,
      objectId: objectIdOf(ids),
      payload: { webhook_id: body.webhook_id, ...event },
    };
  });
}

export const attio: ProviderDefinition = {
  id: "attio",
  name: "Attio",
  description: "CRM: records, lists, notes, tasks and comments.",
  docsUrl: "https://docs.attio.com/rest-api/guides/webhooks",
  auth: {
    mode: "oauth2",
    authorizationUrl: "https://app.attio.com/authorize",
    tokenUrl: "https://app.attio.com/oauth/token",
    defaultScopes: [],
    scopeSeparator: " ",
  },
  apiBaseUrl: "https://api.attio.com",
  attributionKeys: ["workspaceId"],
  webhookSetup:
    "Create the webhook with Attio's API (POST /v2/webhooks with target_url set to the URL above and your subscriptions), " +
    "typically once per connected workspace, or in Attio under Workspace settings > Developers > your integration > Webhooks. " +
    "Attio returns the webhook's secret when it is created and shows it in the developer settings: paste it here. Events are " +
    "attributed by id.workspace_id.",
  webhooks: {
    secretSource: "webhookSecret",
    signed: true,
    verify: (webhook, context) => verifyAttio(webhook, context.secret, context.now),
    split: (webhook) => splitAttio(webhook),
  },
};
