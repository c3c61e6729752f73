import { z } from "zod";
import {
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  updateConnection,
} from "../../connections/connections.service";
import {
  connectionIdSchema,
  connectionViewSchema,
  createConnectionInputSchema,
  listConnectionsQuerySchema,
  updateConnectionInputSchema,
} from "../../connections/connections.schema";
import { integrationKeySchema } from "../../integrations/integrations.schema";
import { defineRoute } from "../route";

const connectionParams = z.object({ integrationKey: integrationKeySchema, connectionId: connectionIdSchema });

export const connectionRoutes = [
  defineRoute({
    method: "get",
    path: "/api/v1/connections",
    operationId: "listConnections",
    summary: "List connections",
    description: "Newest first. `search` matches the connection id and the end user's id, email and name, case-insensitively.",
    tag: "Connections",
    query: listConnectionsQuerySchema,
    status: 200,
    response: z.object({
      data: z.array(connectionViewSchema),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
    }),
    responseDescription: "One page of connections",
    errors: [400],
    handle: async ({ environment, query }) => {
      const page = await listConnections(environment, query);
      return { data: page.items, nextCursor: page.nextCursor };
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/v1/connections",
    operationId: "createConnection",
    summary: "Create a connection",
    description: "Credentials are stored encrypted and never returned. Attribution values must be unique per integration.",
    tag: "Connections",
    body: createConnectionInputSchema,
    status: 201,
    response: connectionViewSchema,
    responseDescription: "The new connection",
    errors: [400, 404, 409, 413, 415, 422],
    handle: ({ environment, body }) => createConnection(environment, body),
  }),
  defineRoute({
    method: "get",
    path: "/api/v1/connections/{integrationKey}/{connectionId}",
    operationId: "getConnection",
    summary: "Get a connection",
    tag: "Connections",
    params: connectionParams,
    status: 200,
    response: connectionViewSchema,
    responseDescription: "The connection",
    errors: [404],
    handle: ({ environment, params }) => getConnection(environment, params.integrationKey, params.connectionId),
  }),
  defineRoute({
    method: "patch",
    path: "/api/v1/connections/{integrationKey}/{connectionId}",
    operationId: "updateConnection",
    summary: "Update a connection",
    description: "Omitted fields stay; null clears endUser or credentials; metadata and attribution are replaced as a whole.",
    tag: "Connections",
    params: connectionParams,
    body: updateConnectionInputSchema,
    status: 200,
    response: connectionViewSchema,
    responseDescription: "The updated connection",
    errors: [400, 404, 409, 413, 415, 422],
    handle: ({ environment, params, body }) => updateConnection(environment, params.integrationKey, params.connectionId, body),
  }),
  defineRoute({
    method: "delete",
    path: "/api/v1/connections/{integrationKey}/{connectionId}",
    operationId: "deleteConnection",
    summary: "Delete a connection",
    description:
      "First removes the webhook subscriptions the connection registered at the provider and revokes its grant where the " +
      "provider offers revocation (best effort, logged); then deletes the connection with its credentials and sends your " +
      'forward URL an `auth` event with `"operation": "deletion"`.',
    tag: "Connections",
    params: connectionParams,
    status: 204,
    responseDescription: "Deleted",
    errors: [404],
    handle: ({ environment, params }) => deleteConnection(environment, params.integrationKey, params.connectionId),
  }),
];
