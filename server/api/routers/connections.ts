import { z } from "zod";
import { deleteConnection, getConnection, listConnections } from "../../connections/connections.service";
import { listConnectionsQuerySchema, type ConnectionView } from "../../connections/connections.schema";
import { envProcedure, router } from "../trpc";

const connectionInput = z.object({ integrationKey: z.string().min(1).max(200), connectionId: z.string().min(1).max(500) });

/** The view as JSON carries it (no transformer): dates as ISO strings. */
function serialize(view: ConnectionView) {
  return { ...view, createdAt: view.createdAt.toISOString(), updatedAt: view.updatedAt.toISOString() };
}

export type ConnectionDto = ReturnType<typeof serialize>;

export const connectionsRouter = router({
  list: envProcedure.input(listConnectionsQuerySchema).query(async ({ ctx, input }) => {
    const page = await listConnections(ctx.environment, input);
    return { items: page.items.map(serialize), nextCursor: page.nextCursor };
  }),

  get: envProcedure
    .input(connectionInput)
    .query(async ({ ctx, input }) => serialize(await getConnection(ctx.environment, input.integrationKey, input.connectionId))),

  delete: envProcedure.input(connectionInput).mutation(async ({ ctx, input }) => {
    await deleteConnection(ctx.environment, input.integrationKey, input.connectionId);
    return { ok: true as const };
  }),
});
