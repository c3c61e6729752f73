import type { Task } from "graphile-worker";
import type { JobName } from "../../server/jobs/catalog";
import { sessionsCleanup } from "./sessions-cleanup";
import { webhooksDrain } from "./webhooks-drain";
import { deliveriesDrain } from "./deliveries-drain";
import { webhookReplay } from "./webhook-replay";
import { connectionsRefresh } from "./connections-refresh";

export const taskList = {
  "webhooks.drain": webhooksDrain,
  "deliveries.drain": deliveriesDrain,
  "webhook.replay": webhookReplay,
  "sessions.cleanup": sessionsCleanup,
  "connections.refresh": connectionsRefresh,
} satisfies Partial<Record<JobName, Task>>;
