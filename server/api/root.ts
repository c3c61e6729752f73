import { router } from "./trpc";
import { authRouter } from "./routers/auth";
import { environmentsRouter } from "./routers/environments";

export const appRouter = router({
  auth: authRouter,
  environments: environmentsRouter,
});

export type AppRouter = typeof appRouter;
