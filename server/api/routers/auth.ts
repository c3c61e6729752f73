import { z } from "zod";
import {
  authenticate,
  createAccount,
  createSession,
  credentialsSchema,
  listSessions,
  revokeSession,
  revokeUserSession,
} from "../../auth/accounts.service";
import { authedProcedure, publicProcedure, router, type TrpcContext } from "../trpc";
import { clearedSessionCookie, sessionCookie } from "../session-cookie";

// Log-in only needs a password to check; the length rule is a sign-up rule.
const logInSchema = credentialsSchema.extend({ password: z.string().min(1, "Enter your password").max(200) });

async function startSession(ctx: TrpcContext, userId: string): Promise<void> {
  const { token } = await createSession(userId, ctx.userAgent);
  ctx.setCookies.push(sessionCookie(token, ctx.secureCookies));
}

export const authRouter = router({
  signUp: publicProcedure.input(credentialsSchema).mutation(async ({ ctx, input }) => {
    const { user } = await createAccount(input);
    await startSession(ctx, user.id);
    return { email: user.email };
  }),

  logIn: publicProcedure.input(logInSchema).mutation(async ({ ctx, input }) => {
    const user = await authenticate(input.email, input.password);
    await startSession(ctx, user.id);
    return { email: user.email };
  }),

  // Public so that a browser holding an expired or revoked session can still clear its cookie.
  logOut: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.user) await revokeSession(ctx.user.sessionId);
    ctx.setCookies.push(clearedSessionCookie(ctx.secureCookies));
    return { ok: true as const };
  }),

  me: authedProcedure.query(({ ctx }) => ({ email: ctx.user.email })),

  listSessions: authedProcedure.query(async ({ ctx }) => {
    const sessions = await listSessions(ctx.user.userId);
    return sessions.map((session) => ({
      id: session.id,
      userAgent: session.userAgent,
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      current: session.id === ctx.user.sessionId,
    }));
  }),

  revokeSession: authedProcedure.input(z.object({ sessionId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    await revokeUserSession(ctx.user.userId, input.sessionId);
    const current = input.sessionId === ctx.user.sessionId;
    if (current) ctx.setCookies.push(clearedSessionCookie(ctx.secureCookies));
    return { current };
  }),
});
