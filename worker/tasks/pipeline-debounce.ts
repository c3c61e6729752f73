import type { Task } from "graphile-worker";
import { parseJobPayload } from "../../server/jobs/catalog";
import { flushDebounce } from "../../server/pipelines/debounce";

export const pipelineDebounce: Task = async (payload) => {
  await flushDebounce(parseJobPayload("pipeline.debounce", payload));
};
