import type { Task } from "graphile-worker";
import { recoverStalePipelineRuns } from "../../server/pipelines/recovery";

export const pipelinesRecover: Task = async (_payload, helpers) => {
  const count = await recoverStalePipelineRuns();
  if (count > 0) helpers.logger.info(`queued ${count} pipeline runs that lost their worker`);
};
