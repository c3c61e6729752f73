import { AppError, notFound } from "../lib/errors";
import type { Environment, Integration, PipelineVersion, Prisma } from "../lib/generated/prisma/client";
import { findIntegrationRow } from "../integrations/integrations.repo";
import { validateGraph as checkGraph } from "./graph";
import { findPipelineRow, findVersionRow, insertActiveVersion, listVersionRows, setActiveVersion } from "./pipelines.repo";
import type {
  GraphValidation,
  PipelineGraph,
  PipelineVersionSummary,
  PipelineVersionView,
  PipelineView,
  TestEvent,
  TestRunResult,
} from "./pipelines.schema";
import { runTestGraph } from "./test-run";

// Pipelines of one environment's integrations: immutable versions, one active. Callers
// pass the environment row they already resolved, so every query is scoped by it.

async function integrationOf(environment: Environment, integrationKey: string): Promise<Integration> {
  const integration = await findIntegrationRow(environment.id, integrationKey);
  if (!integration) throw notFound(`Integration ${integrationKey}`);
  return integration;
}

function toVersionView(row: PipelineVersion, activeVersionId: string | null): PipelineVersionView {
  return {
    id: row.id,
    number: row.number,
    graph: row.graph as unknown as PipelineGraph,
    message: row.message,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    active: row.id === activeVersionId,
  };
}

export async function getPipeline(environment: Environment, integrationKey: string): Promise<PipelineView> {
  const integration = await integrationOf(environment, integrationKey);
  const pipeline = await findPipelineRow(integration.id);
  if (!pipeline?.activeVersionId) return { integrationKey, activeVersion: null };
  const versions = await listVersionRows(pipeline.id);
  const active = versions.find((v) => v.id === pipeline.activeVersionId);
  return { integrationKey, activeVersion: active ? toVersionView(active, pipeline.activeVersionId) : null };
}

export async function listPipelineVersions(environment: Environment, integrationKey: string): Promise<PipelineVersionSummary[]> {
  const integration = await integrationOf(environment, integrationKey);
  const pipeline = await findPipelineRow(integration.id);
  if (!pipeline) return [];
  const rows = await listVersionRows(pipeline.id);
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    message: row.message,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    active: row.id === pipeline.activeVersionId,
  }));
}

export async function getPipelineVersion(environment: Environment, integrationKey: string, number: number): Promise<PipelineVersionView> {
  const integration = await integrationOf(environment, integrationKey);
  const pipeline = await findPipelineRow(integration.id);
  const row = pipeline ? await findVersionRow(pipeline.id, number) : null;
  if (!pipeline || !row) throw notFound(`Pipeline version ${number}`);
  return toVersionView(row, pipeline.activeVersionId);
}

export async function validateGraph(graph: unknown): Promise<GraphValidation> {
  return checkGraph(graph);
}

/** Validates, stores a new immutable version and makes it the active one. */
export async function savePipelineVersion(
  environment: Environment,
  integrationKey: string,
  graph: unknown,
  options: { message?: string | null; userId?: string | null } = {},
): Promise<PipelineVersionView> {
  const integration = await integrationOf(environment, integrationKey);
  const validation = await checkGraph(graph);
  if (!validation.ok) {
    const first = validation.errors[0]!;
    const summary =
      validation.errors.length === 1
        ? `The pipeline is not valid: ${first.nodeId ? `node ${first.nodeId}: ` : ""}${first.message}`
        : `The pipeline is not valid: ${validation.errors.length} problems`;
    throw new AppError("unprocessable", summary, { nodeErrors: validation.errors });
  }
  const row = await insertActiveVersion({
    environmentId: environment.id,
    integrationId: integration.id,
    graph: graph as Prisma.InputJsonValue,
    message: options.message?.trim() || null,
    createdBy: options.userId ?? null,
  });
  return toVersionView(row, row.id);
}

export async function activatePipelineVersion(
  environment: Environment,
  integrationKey: string,
  number: number,
): Promise<PipelineVersionView> {
  const integration = await integrationOf(environment, integrationKey);
  const pipeline = await findPipelineRow(integration.id);
  const row = pipeline ? await findVersionRow(pipeline.id, number) : null;
  if (!pipeline || !row) throw notFound(`Pipeline version ${number}`);
  await setActiveVersion(pipeline.id, row.id);
  return toVersionView(row, row.id);
}

/**
 * Runs a draft graph on one event and reports every node. Nothing leaves Switchboard
 * (forwards, API calls, record writes) unless `sendForReal`.
 */
export async function testRunPipeline(
  environment: Environment,
  integrationKey: string,
  graph: unknown,
  event: TestEvent,
  options: { sendForReal: boolean },
): Promise<TestRunResult> {
  const integration = await integrationOf(environment, integrationKey);
  const validation = await checkGraph(graph);
  if (!validation.ok) {
    throw new AppError("unprocessable", "The pipeline is not valid", { nodeErrors: validation.errors });
  }
  return runTestGraph({ environment, integration, graph: graph as PipelineGraph, event, sendForReal: options.sendForReal });
}
