import type { Task } from "graphile-worker";
import { parseJobPayload } from "../../server/jobs/catalog";
import { drainWebhooks } from "../../server/webhooks/process-webhooks";

export const webhooksDrain: Task = async (payload, helpers) => {
  parseJobPayload("webhooks.drain", payload);
  const result = await drainWebhooks();
  if (result.webhooks > 0)
    helpers.logger.debug(`processed ${result.webhooks} webhooks, ${result.events} events, ${result.deliveries} deliveries`);
};
