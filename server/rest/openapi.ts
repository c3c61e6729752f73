import { z } from "zod";
import {
  createDocument,
  createSchema,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from "zod-openapi";
import { commonSettingsSchema, integrationSettingsInputSchema } from "../integrations/integrations.schema";
import { customSettingsSchema } from "../providers/custom.schema";
import { errorBodySchema } from "./errors";
import type { DocumentedError, RestRoute } from "./route";

// The OpenAPI 3.1 document, generated from the route table: every route, its
// parameters, body and response schemas, the bearer scheme and the error shape.

export type OpenApiDocument = ReturnType<typeof createDocument>;

const errorDescriptions: Record<DocumentedError | 401 | 500, string> = {
  400: "Malformed JSON, or a query parameter that is invalid or that the endpoint does not take",
  401: "Missing or invalid API key",
  404: "Not found (also anything of another environment)",
  409: "Conflicts with an existing object",
  413: "Request body over 1 MiB",
  415: "Request body not sent as application/json",
  422: "Request body fails validation; the message names the field",
  500: "Internal error",
};

function errorResponse(status: keyof typeof errorDescriptions) {
  return { description: errorDescriptions[status], content: { "application/json": { schema: errorBodySchema } } };
}

function operationFor(route: RestRoute): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {
    [route.status]: route.response
      ? { description: route.responseDescription, content: { "application/json": { schema: route.response } } }
      : { description: route.responseDescription },
  };
  // Any route answers 400 for a query parameter it does not take.
  const statuses = new Set<keyof typeof errorDescriptions>([400, ...(route.auth ? [401 as const] : []), ...(route.errors ?? []), 500]);
  for (const status of [...statuses].sort()) responses[String(status) as `${4 | 5}${string}`] = errorResponse(status);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: route.auth ? [{ bearerAuth: [] }] : [],
    ...(route.params || route.query
      ? { requestParams: { ...(route.params ? { path: route.params } : {}), ...(route.query ? { query: route.query } : {}) } }
      : {}),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: route.body } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(routes: RestRoute[]): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operationFor(route) };
  }
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Switchboard API",
        version: "1.0.0",
        description: "Manage integrations, connections and forwarding of one environment. Authenticate with the environment's secret key.",
      },
      security: [{ bearerAuth: [] }],
      tags: [{ name: "Environment" }, { name: "Integrations" }, { name: "Connections" }, { name: "Meta" }],
      components: {
        // Validated per provider by the API; documented here as the two shapes settings take.
        // Rendered as request schemas up front: they are referenced only through the override below.
        schemas: {
          ProviderSettings: createSchema(commonSettingsSchema, { io: "input" }).schema,
          CustomProviderSettings: createSchema(customSettingsSchema, { io: "input" }).schema,
        },
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", description: "The environment's secret key (sk_…)" },
        },
      },
      paths,
    },
    {
      // Dates travel as ISO 8601 strings.
      override: ({ jsonSchema, zodSchema }) => {
        if (zodSchema._zod.def.type === "date") {
          jsonSchema.type = "string";
          jsonSchema.format = "date-time";
        }
        if (zodSchema === integrationSettingsInputSchema) {
          jsonSchema.anyOf = [{ $ref: "#/components/schemas/CustomProviderSettings" }, { $ref: "#/components/schemas/ProviderSettings" }];
        }
      },
    },
  );
}

/** The document route's own response, described loosely: the document itself is the specification. */
export const openApiDocumentSchema = z.looseObject({ openapi: z.string(), info: z.unknown() });
