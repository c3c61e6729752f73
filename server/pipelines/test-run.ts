import { AppError } from "../lib/errors";
import type { Environment, Integration } from "../lib/generated/prisma/client";
import type { PipelineGraph, TestEvent, TestRunResult } from "./pipelines.schema";

// Test runs of a draft graph (filled in with the executor).
export function runTestGraph(input: {
  environment: Environment;
  integration: Integration;
  graph: PipelineGraph;
  event: TestEvent;
  sendForReal: boolean;
}): Promise<TestRunResult> {
  void input;
  return Promise.reject(new AppError("unavailable", "Test runs are not available yet"));
}
