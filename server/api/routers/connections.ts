import { z } from "zod";
import { deleteConnection, getConnection, listConnections, updateConnection } from "../../connections/connections.service";
import { createConnectSession } from "../../connect/connect.service";
import { getConnectionActivity } from "../../connect/activity.service";
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

  activity: envProcedure
    .input(connectionInput)
    .query(({ ctx, input }) => getConnectionActivity(ctx.environment, input.integrationKey, input.connectionId)),

  updateMetadata: envProcedure
    .input(connectionInput.extend({ metadata: z.record(z.string(), z.unknown()) }))
    .mutation(async ({ ctx, input }) =>
      serialize(await updateConnection(ctx.environment, input.integrationKey, input.connectionId, { metadata: input.metadata })),
    ),

  /** A connect session for trying the hosted flow from the dashboard, as the logged-in user. */
  createConnectSession: envProcedure
    .input(z.object({ integrationKey: z.string().min(1).max(200).optional() }))
    .mutation(async ({ ctx, input }) => {
      const session = await createConnectSession(
        ctx.environment,
        {
          endUser: { id: `dashboard:${ctx.user.userId}`, email: ctx.user.email, displayName: ctx.user.email },
          ...(input.integrationKey ? { allowedIntegrations: [input.integrationKey] } : {}),
        },
        ctx.origin,
      );
      return { connectUrl: session.connectUrl, expiresAt: session.expiresAt.toISOString() };
    }),

  delete: envProcedure.input(connectionInput).mutation(async ({ ctx, input }) => {
    await deleteConnection(ctx.environment, input.integrationKey, input.connectionId);
    return { ok: true as const };
  }),
});
