import { router } from "./trpc";
import { authRouter } from "./routers/auth";
import { connectionsRouter } from "./routers/connections";
import { environmentsRouter } from "./routers/environments";
import { integrationsRouter } from "./routers/integrations";
import { pipelinesRouter } from "./routers/pipelines";
import { providersRouter } from "./routers/providers";
import { webhooksRouter } from "./routers/webhooks";

export const appRouter = router({
  auth: authRouter,
  environments: environmentsRouter,
  providers: providersRouter,
  integrations: integrationsRouter,
  connections: connectionsRouter,
  pipelines: pipelinesRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
