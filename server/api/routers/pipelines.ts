import { z } from "zod";
import { AppError } from "../../lib/errors";
import { getIntegration, listIntegrations } from "../../integrations/integrations.service";
import {
  activatePipelineVersion,
  getPipeline,
  getPipelineVersion,
  listPipelineVersions,
  savePipelineVersion,
  testRunPipeline,
  validateGraph,
} from "../../pipelines/pipelines.service";
import { findIntegrationRow } from "../../integrations/integrations.repo";
import { findUserEmails, listPipelineStatuses, listRecentEvents } from "../../pipelines/pipeline-ui.repo";
import { pipelineGraphSchema, testEventSchema, type GraphError, type PipelineVersionView } from "../../pipelines/pipelines.schema";
import { envProcedure, router } from "../trpc";
import { fixtureSamples } from "./pipelines-fixtures";
import { getPipelineRun, listRecentRuns } from "../../pipelines/pipeline-runs.service";
import { CTX_TYPES } from "../../functions/ctx-types";

const keyInput = z.object({ key: z.string().min(1).max(200) });
const versionInput = keyInput.extend({ number: z.int().min(1) });

/** Validation failures come back as data, so the editor can put each message on its node. */
type Rejected = { ok: false; message: string; nodeErrors: GraphError[] };

function rejected(error: unknown): Rejected {
  if (error instanceof AppError && error.code === "unprocessable") {
    const details = error.details as { nodeErrors?: GraphError[] } | undefined;
    return { ok: false, message: error.message, nodeErrors: details?.nodeErrors ?? [] };
  }
  throw error;
}

function serializeVersion(version: PipelineVersionView, emails: Map<string, string>) {
  return {
    id: version.id,
    number: version.number,
    graph: version.graph,
    message: version.message,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdBy ? (emails.get(version.createdBy) ?? null) : null,
    active: version.active,
  };
}

async function integrationRow(environmentId: string, key: string) {
  const row = await findIntegrationRow(environmentId, key);
  if (!row) throw new AppError("not_found", `Integration "${key}" not found`);
  return row;
}

export const pipelinesRouter = router({
  /** Every integration of the environment with the state of its pipeline. */
  list: envProcedure.query(async ({ ctx }) => {
    const [integrations, statuses] = await Promise.all([
      listIntegrations(ctx.environment, ctx.origin),
      listPipelineStatuses(ctx.environment.id),
    ]);
    const byIntegration = new Map(statuses.map((status) => [status.integrationId, status]));
    return integrations.map((integration) => {
      const status = byIntegration.get(integration.id);
      return {
        key: integration.key,
        provider: integration.provider,
        providerName: integration.providerName,
        activeVersion: status?.activeVersionNumber ?? null,
        versionCount: status?.versionCount ?? 0,
        lastSavedAt: status?.lastSavedAt?.toISOString() ?? null,
      };
    });
  }),

  get: envProcedure.input(keyInput).query(async ({ ctx, input }) => {
    const integration = await getIntegration(ctx.environment, input.key, ctx.origin);
    const pipeline = await getPipeline(ctx.environment, input.key);
    const active = pipeline.activeVersion;
    const emails = await findUserEmails(ctx.user.accountId, active?.createdBy ? [active.createdBy] : []);
    return {
      integration: { key: integration.key, provider: integration.provider, providerName: integration.providerName },
      activeVersion: active ? serializeVersion(active, emails) : null,
    };
  }),

  versions: envProcedure.input(keyInput).query(async ({ ctx, input }) => {
    const versions = await listPipelineVersions(ctx.environment, input.key);
    const emails = await findUserEmails(ctx.user.accountId, [...new Set(versions.flatMap((v) => (v.createdBy ? [v.createdBy] : [])))]);
    return versions.map((version) => ({
      id: version.id,
      number: version.number,
      message: version.message,
      createdAt: version.createdAt.toISOString(),
      createdBy: version.createdBy ? (emails.get(version.createdBy) ?? null) : null,
      active: version.active,
    }));
  }),

  version: envProcedure.input(versionInput).query(async ({ ctx, input }) => {
    const version = await getPipelineVersion(ctx.environment, input.key, input.number);
    const emails = await findUserEmails(ctx.user.accountId, version.createdBy ? [version.createdBy] : []);
    return serializeVersion(version, emails);
  }),

  /** Saves a new version and makes it active; an invalid graph comes back with its node errors. */
  save: envProcedure
    .input(keyInput.extend({ graph: pipelineGraphSchema, message: z.string().max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      try {
        const version = await savePipelineVersion(ctx.environment, input.key, input.graph, {
          message: input.message,
          userId: ctx.user.userId,
        });
        return { ok: true as const, version: serializeVersion(version, new Map([[ctx.user.userId, ctx.user.email]])) };
      } catch (error) {
        return rejected(error);
      }
    }),

  activate: envProcedure.input(versionInput).mutation(async ({ ctx, input }) => {
    const version = await activatePipelineVersion(ctx.environment, input.key, input.number);
    return { number: version.number };
  }),

  validate: envProcedure.input(z.object({ graph: pipelineGraphSchema })).mutation(async ({ input }) => validateGraph(input.graph)),

  /** Runs the draft graph on one event; nothing leaves Switchboard unless sendForReal. */
  testRun: envProcedure
    .input(keyInput.extend({ graph: pipelineGraphSchema, event: testEventSchema, sendForReal: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      try {
        const result = await testRunPipeline(ctx.environment, input.key, input.graph, input.event, { sendForReal: input.sendForReal });
        return { ok: true as const, nodes: result.nodes };
      } catch (error) {
        return rejected(error);
      }
    }),

  recentEvents: envProcedure.input(keyInput).query(async ({ ctx, input }) => {
    const integration = await integrationRow(ctx.environment.id, input.key);
    const events = await listRecentEvents(ctx.environment.id, integration.id);
    return events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() }));
  }),

  /** The latest runs of the integration's pipeline, newest first; each opens in the logs. */
  runs: envProcedure.input(keyInput).query(async ({ ctx, input }) => {
    const integration = await integrationRow(ctx.environment.id, input.key);
    return listRecentRuns(ctx.environment, integration.id);
  }),

  /** One run as the log explorer shows it: each node it ran, in order, with input, output, logs, API calls and time. */
  run: envProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => getPipelineRun(ctx.environment, input.id)),

  /** The Function API's declarations for the code editor. */
  functionTypes: envProcedure.query((): { dts: string | null } => ({ dts: CTX_TYPES })),

  /** Sample events of the integration's provider (for test runs and payload types). */
  fixtures: envProcedure.input(keyInput).query(async ({ ctx, input }) => {
    const integration = await integrationRow(ctx.environment.id, input.key);
    return fixtureSamples(integration.provider);
  }),
});
