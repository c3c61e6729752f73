import type { Task } from "graphile-worker";
import type { JobName } from "../../server/jobs/catalog";
import { sessionsCleanup } from "./sessions-cleanup";
import { webhooksDrain } from "./webhooks-drain";
import { deliveriesDrain } from "./deliveries-drain";
import { webhookReplay } from "./webhook-replay";

export const taskList = {
  "webhooks.drain": webhooksDrain,
  "deliveries.drain": deliveriesDrain,
  "webhook.replay": webhookReplay,
  "sessions.cleanup": sessionsCleanup,
} satisfies Partial<Record<JobName, Task>>;
