import type { Task } from "graphile-worker";
import { parseJobPayload } from "../../server/jobs/catalog";
import { drainDeliveries } from "../../server/forwarding/deliveries";

export const deliveriesDrain: Task = async (payload, helpers) => {
  parseJobPayload("deliveries.drain", payload);
  const result = await drainDeliveries();
  if (result.claimed > 0)
    helpers.logger.debug(`sent ${result.claimed}: ${result.succeeded} ok, ${result.failed} failed, ${result.retrying} to retry`);
};
