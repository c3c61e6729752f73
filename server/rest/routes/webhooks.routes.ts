import { z } from "zod";
import { getWebhook, listWebhooks, replayWebhook, retryDelivery } from "../../webhooks/webhooks.service";
import { deliverySchema, listWebhooksQuerySchema, webhookDetailSchema, webhookSummarySchema } from "../../webhooks/webhooks.schema";
import { defineRoute } from "../route";

const idParams = z.object({ id: z.string().min(1) });

export const webhookRoutes = [
  defineRoute({
    method: "get",
    path: "/api/v1/webhooks",
    operationId: "listWebhooks",
    summary: "List received webhooks",
    description:
      "Newest first. Filter by integration, by the connection one of its events was attributed to, by processing status, by event type, and by time (`since` inclusive, `until` exclusive, ISO 8601).",
    tag: "Webhooks",
    query: listWebhooksQuerySchema,
    status: 200,
    response: z.object({
      data: z.array(webhookSummarySchema),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
    }),
    responseDescription: "One page of webhooks",
    errors: [400],
    handle: async ({ environment, query }) => {
      const page = await listWebhooks(environment, query);
      return { data: page.items, nextCursor: page.nextCursor };
    },
  }),
  defineRoute({
    method: "get",
    path: "/api/v1/webhooks/{id}",
    operationId: "getWebhook",
    summary: "Get a webhook with its events, deliveries and attempts",
    tag: "Webhooks",
    params: idParams,
    status: 200,
    response: webhookDetailSchema,
    responseDescription: "The webhook's whole story",
    errors: [404],
    handle: ({ environment, params }) => getWebhook(environment, params.id),
  }),
  defineRoute({
    method: "post",
    path: "/api/v1/webhooks/{id}/replay",
    operationId: "replayWebhook",
    summary: "Replay a webhook through the current pipeline",
    description:
      "Its events are routed again as new deliveries (new `webhook-id`s). A webhook that failed before producing events is processed again from its stored body.",
    tag: "Webhooks",
    params: idParams,
    status: 202,
    response: z.object({ replayId: z.string() }),
    responseDescription: "The replay is queued; its log operation has this id",
    errors: [404, 409],
    handle: ({ environment, params }) => replayWebhook(environment, params.id),
  }),
  defineRoute({
    method: "post",
    path: "/api/v1/deliveries/{id}/retry",
    operationId: "retryDelivery",
    summary: "Retry a failed delivery",
    description: "Sends it again now with the same `webhook-id`, with a fresh budget of attempts. Only failed deliveries can be retried.",
    tag: "Webhooks",
    params: idParams,
    status: 202,
    response: deliverySchema,
    responseDescription: "The delivery, queued again",
    errors: [404, 409],
    handle: ({ environment, params }) => retryDelivery(environment, params.id),
  }),
];
