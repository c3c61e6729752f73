import { z } from "zod";
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  listIntegrations,
  updateIntegration,
} from "../../integrations/integrations.service";
import { createIntegrationInputSchema, updateIntegrationInputSchema, type IntegrationView } from "../../integrations/integrations.schema";
import { envProcedure, router } from "../trpc";

// Any string may name an integration to look up; one that does not exist is NOT_FOUND.
const keyInput = z.object({ key: z.string().min(1).max(200) });

/** The view as JSON carries it (no transformer): dates as ISO strings. */
function serialize(view: IntegrationView) {
  return { ...view, createdAt: view.createdAt.toISOString(), updatedAt: view.updatedAt.toISOString() };
}

export type IntegrationDto = ReturnType<typeof serialize>;

export const integrationsRouter = router({
  list: envProcedure.query(async ({ ctx }) => (await listIntegrations(ctx.environment, ctx.origin)).map(serialize)),

  get: envProcedure
    .input(keyInput)
    .query(async ({ ctx, input }) => serialize(await getIntegration(ctx.environment, input.key, ctx.origin))),

  create: envProcedure
    .input(createIntegrationInputSchema)
    .mutation(async ({ ctx, input }) => serialize(await createIntegration(ctx.environment, input, ctx.origin))),

  update: envProcedure
    .input(keyInput.extend({ patch: updateIntegrationInputSchema }))
    .mutation(async ({ ctx, input }) => serialize(await updateIntegration(ctx.environment, input.key, input.patch, ctx.origin))),

  delete: envProcedure.input(keyInput).mutation(async ({ ctx, input }) => {
    await deleteIntegration(ctx.environment, input.key);
    return { ok: true as const };
  }),
});
