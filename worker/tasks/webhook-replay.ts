import type { Task } from "graphile-worker";
import { parseJobPayload } from "../../server/jobs/catalog";
import { runReplay } from "../../server/webhooks/replay";

export const webhookReplay: Task = async (payload) => {
  await runReplay(parseJobPayload("webhook.replay", payload));
};
