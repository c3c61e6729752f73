import { z } from "zod";
import { getPipeline, savePipelineVersion } from "../../pipelines/pipelines.service";
import { pipelineGraphSchema } from "../../pipelines/pipelines.schema";
import { integrationKeySchema } from "../../integrations/integrations.schema";
import { defineRoute } from "../route";

// The pipeline graph as a client contract, so pipelines can live in the customer's own
// repository and CI: GET the active version's graph, PUT a graph to save and activate it.

const keyParams = z.object({ key: integrationKeySchema });

const pipelineResponseSchema = z
  .object({
    version: z.int().nullable().meta({ description: "The active version's number; null when the integration has no pipeline" }),
    message: z.string().nullable(),
    createdAt: z.iso.datetime().nullable(),
    graph: pipelineGraphSchema.nullable().meta({ description: "The active graph; null means the default: forward every event" }),
  })
  .meta({ id: "Pipeline" });

const pipelineInputSchema = pipelineGraphSchema.extend({
  message: z.string().max(500).optional().meta({ description: "Saved with the version, like a commit message" }),
});

export const pipelineRoutes = [
  defineRoute({
    method: "get",
    path: "/api/v1/integrations/{key}/pipeline",
    operationId: "getPipeline",
    summary: "Get an integration's active pipeline",
    description: "The graph of the active version, in React Flow's node and edge shape.",
    tag: "Pipelines",
    params: keyParams,
    status: 200,
    response: pipelineResponseSchema,
    responseDescription: "The active pipeline version",
    errors: [404],
    handle: async ({ environment, params }) => {
      const { activeVersion } = await getPipeline(environment, params.key);
      return {
        version: activeVersion?.number ?? null,
        message: activeVersion?.message ?? null,
        createdAt: activeVersion?.createdAt.toISOString() ?? null,
        graph: activeVersion?.graph ?? null,
      };
    },
  }),
  defineRoute({
    method: "put",
    path: "/api/v1/integrations/{key}/pipeline",
    operationId: "putPipeline",
    summary: "Save and activate a pipeline",
    description:
      "Validates the graph (a trigger, no cycles, every node reachable, each node's config, Function code compiles and type-checks against the Function API), stores it as a new immutable version and makes it active. An invalid graph gets 422 with `error.details.nodeErrors` (Function problems as `Line L:C: message`) and nothing is saved.",
    tag: "Pipelines",
    params: keyParams,
    body: pipelineInputSchema,
    status: 200,
    response: pipelineResponseSchema,
    responseDescription: "The new active version",
    errors: [400, 404, 413, 415, 422],
    handle: async ({ environment, params, body }) => {
      const { message, ...graph } = body;
      const saved = await savePipelineVersion(environment, params.key, graph, { message: message ?? null });
      return { version: saved.number, message: saved.message, createdAt: saved.createdAt.toISOString(), graph: saved.graph };
    },
  }),
];
