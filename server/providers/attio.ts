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
  // GET /v2/self names the workspace the token belongs to.
  postConnect: {
    infoRequest: () => ({ method: "GET", path: "/v2/self" }),
    attributionFromInfo: (body) => ({ workspaceId: isRecord(body) ? idString(body.workspace_id) : undefined }),
  },
  // One webhook per connected workspace, created with the connection's token; Attio returns
  // the webhook's own signing secret with it.
  subscriptions: {
    subscribe: ({ webhookUrl, settings }) => ({
      method: "POST",
      path: "/v2/webhooks",
      body: {
        data: {
          target_url: webhookUrl,
          subscriptions: attioEventTypes(settings).map((eventType) => ({ event_type: eventType, filter: null })),
        },
      },
    }),
    parseSubscription: (body) => {
      const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
      const webhookId = data && isRecord(data.id) ? idString(data.id.webhook_id) : undefined;
      if (!data || webhookId === undefined) return null;
      return { externalId: webhookId, secret: stringField(data.secret) };
    },
    unsubscribe: ({ externalId }) => ({ method: "DELETE", path: `/v2/webhooks/${encodeURIComponent(externalId)}` }),
  },
};

/** settings.subscribedEvents, else record changes. */
function attioEventTypes(settings: Record<string, unknown>): string[] {
  const configured = settings.subscribedEvents;
  if (Array.isArray(configured) && configured.every((item) => typeof item === "string") && configured.length > 0) return configured;
  return ["record.created", "record.updated", "record.deleted"];
}
