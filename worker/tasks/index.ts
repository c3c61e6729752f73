import type { Task } from "graphile-worker";
import type { JobName } from "../../server/jobs/catalog";
import { sessionsCleanup } from "./sessions-cleanup";
import { webhooksDrain } from "./webhooks-drain";
import { deliveriesDrain } from "./deliveries-drain";

export const taskList = {
  "webhooks.drain": webhooksDrain,
  "deliveries.drain": deliveriesDrain,
  "sessions.cleanup": sessionsCleanup,
} satisfies Partial<Record<JobName, Task>>;
