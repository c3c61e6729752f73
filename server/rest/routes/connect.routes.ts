import { createConnectSession } from "../../connect/connect.service";
import { connectSessionViewSchema, createConnectSessionInputSchema } from "../../connect/connect.schema";
import { defineRoute } from "../route";

export const connectRoutes = [
  defineRoute({
    method: "post",
    path: "/api/v1/connect/sessions",
    operationId: "createConnectSession",
    summary: "Create a connect session",
    description:
      "For one end user: returns a token (valid 30 minutes, good for one successful connection) and the hosted connect page's URL. " +
      "The page posts `switchboard:connected` (with connectionId and integrationKey) or `switchboard:closed` to its opener or parent. " +
      "Each connect attempt also reaches your forward URL as a delivery of type `auth`.",
    tag: "Connect",
    body: createConnectSessionInputSchema,
    status: 201,
    response: connectSessionViewSchema,
    responseDescription: "The session",
    errors: [400, 413, 415, 422],
    handle: ({ environment, body, origin }) => createConnectSession(environment, body, origin),
  }),
];
