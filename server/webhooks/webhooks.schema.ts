import { z } from "zod";

// Shapes of the webhook log API (REST and UI). Safe to import from client code.

export const webhookStatusSchema = z.enum(["pending", "processed", "failed"]);

const TIME_ERROR = "must be an ISO 8601 date-time, e.g. 2026-01-31T09:00:00Z";

export const listWebhooksQuerySchema = z.object({
  integrationKey: z.string().min(1).optional(),
  connectionId: z.string().min(1).optional(),
  status: webhookStatusSchema.optional(),
  type: z.string().min(1).optional(),
  since: z.coerce.date({ error: TIME_ERROR }).optional(),
  until: z.coerce.date({ error: TIME_ERROR }).optional(),
  cursor: z.string().uuid({ message: "cursor must be a value returned as nextCursor" }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListWebhooksQuery = z.input<typeof listWebhooksQuerySchema>;

export const webhookSummarySchema = z.object({
  id: z.string(),
  integrationKey: z.string().nullable(),
  provider: z.string().nullable(),
  method: z.string(),
  status: webhookStatusSchema,
  eventCount: z.number().int(),
  eventTypes: z.array(z.string()),
  error: z.string().nullable(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
});
export type WebhookSummary = z.output<typeof webhookSummarySchema>;

export const deliveryAttemptSchema = z.object({
  number: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
});

export const deliverySchema = z.object({
  id: z.string().describe("Also the Standard Webhooks `webhook-id` the receiver sees"),
  eventId: z.string().nullable(),
  url: z.string(),
  status: z.enum(["pending", "succeeded", "failed"]),
  attemptCount: z.number().int(),
  maxAttempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  attempts: z.array(deliveryAttemptSchema),
});
export type DeliveryView = z.output<typeof deliverySchema>;

export const eventSchema = z.object({
  id: z.string(),
  index: z.number().int(),
  type: z.string(),
  providerEventId: z.string().nullable(),
  objectId: z.string().nullable(),
  connectionId: z.string().nullable().describe("The customer's id of the attributed connection"),
  attribution: z.record(z.string(), z.string()),
  attributionStatus: z.enum(["attributed", "unattributed", "ambiguous"]),
  status: z.enum(["pending", "forwarded", "dropped", "duplicate", "failed"]),
  duplicateOf: z.string().nullable(),
  note: z
    .string()
    .nullable()
    .describe("Where the event went when that was not the default forward: why it was dropped, or the pipeline run it started"),
  payload: z.unknown(),
});

export const webhookDetailSchema = webhookSummarySchema.extend({
  path: z.string(),
  query: z.string(),
  headers: z.record(z.string(), z.string()).describe("Headers as received, with authorization and signature headers redacted"),
  body: z.string().describe("The raw body as text (UTF-8), or base64 when it is not text"),
  bodyEncoding: z.enum(["utf8", "base64"]),
  events: z.array(eventSchema),
  deliveries: z.array(deliverySchema),
});
export type WebhookDetail = z.output<typeof webhookDetailSchema>;
