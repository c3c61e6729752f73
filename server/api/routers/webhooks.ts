import { z } from "zod";
import { getWebhook, listWebhooks, replayWebhook, retryDelivery } from "../../webhooks/webhooks.service";
import { listWebhooksQuerySchema } from "../../webhooks/webhooks.schema";
import { countDeliveries, getWebhookLogTree, listRejections, listRejectionsQuerySchema } from "../../logs/logs.service";
import { envProcedure, router } from "../trpc";

// The webhook log for the dashboard. The services already return JSON-ready views
// (dates as ISO strings), so nothing is reshaped here.

const idInput = z.object({ id: z.string().min(1).max(100) });

export const webhooksRouter = router({
  list: envProcedure.input(listWebhooksQuerySchema).query(async ({ ctx, input }) => {
    const page = await listWebhooks(ctx.environment, input);
    const counts = await countDeliveries(
      ctx.environment,
      page.items.map((w) => w.id),
    );
    return {
      items: page.items.map((w) => ({ ...w, deliveries: counts.get(w.id) ?? { pending: 0, succeeded: 0, failed: 0 } })),
      nextCursor: page.nextCursor,
    };
  }),

  get: envProcedure.input(idInput).query(({ ctx, input }) => getWebhook(ctx.environment, input.id)),

  replay: envProcedure.input(idInput).mutation(({ ctx, input }) => replayWebhook(ctx.environment, input.id)),

  retryDelivery: envProcedure
    .input(z.object({ deliveryId: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => retryDelivery(ctx.environment, input.deliveryId)),

  rejections: envProcedure.input(listRejectionsQuerySchema).query(({ ctx, input }) => listRejections(ctx.environment, input)),

  logTree: envProcedure.input(idInput).query(({ ctx, input }) => getWebhookLogTree(ctx.environment, input.id)),
});
