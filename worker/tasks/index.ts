import type { Task } from "graphile-worker";
import type { JobName } from "../../server/jobs/catalog";
import { sessionsCleanup } from "./sessions-cleanup";
import { webhooksDrain } from "./webhooks-drain";
import { deliveriesDrain } from "./deliveries-drain";
import { webhookReplay } from "./webhook-replay";
import { connectionsRefresh } from "./connections-refresh";
import { pipelineRun } from "./pipeline-run";
import { pipelineDebounce } from "./pipeline-debounce";
import { pipelinesRecover } from "./pipelines-recover";

export const taskList = {
  "webhooks.drain": webhooksDrain,
  "deliveries.drain": deliveriesDrain,
  "webhook.replay": webhookReplay,
  "sessions.cleanup": sessionsCleanup,
  "connections.refresh": connectionsRefresh,
  "pipeline.run": pipelineRun,
  "pipeline.debounce": pipelineDebounce,
  "pipelines.recover": pipelinesRecover,
} satisfies Partial<Record<JobName, Task>>;
