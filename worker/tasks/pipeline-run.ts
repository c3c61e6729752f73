import type { Task } from "graphile-worker";
import { parseJobPayload } from "../../server/jobs/catalog";
import { executePipelineRun } from "../../server/pipelines/executor";

export const pipelineRun: Task = async (payload) => {
  await executePipelineRun(parseJobPayload("pipeline.run", payload).runId);
};
