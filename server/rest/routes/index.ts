import type { RestRoute } from "../route";
import { connectionRoutes } from "./connections.routes";
import { environmentRoutes } from "./environment.routes";
import { integrationRoutes } from "./integrations.routes";
import { openApiRoute } from "./openapi.routes";
import { pipelineRoutes } from "./pipelines.routes";
import { webhookRoutes } from "./webhooks.routes";
import { proxyRoutes } from "../../proxy/proxy.http";
import { connectRoutes } from "./connect.routes";

/** Every route of /api/v1, declared once. */
export const restRoutes: RestRoute[] = [
  ...environmentRoutes,
  ...integrationRoutes,
  ...connectionRoutes,
  ...webhookRoutes,
  ...pipelineRoutes,
  ...connectRoutes,
  ...proxyRoutes,
  openApiRoute(() => restRoutes),
];
