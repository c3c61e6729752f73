import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { AppError, trpcCodeFor } from "../lib/errors";
import { findUnstorableText, unstorableTextMessage } from "../lib/storable-text";
import { findSessionUser, SESSION_COOKIE, type SessionUser } from "../auth/accounts.service";
import { getEnvironmentForAccount } from "../environments/environments.service";
import { DEFAULT_ENVIRONMENT, ENVIRONMENT_HEADER } from "./constants";
import { isHttpsRequest, requestOrigin } from "./request-origin";

// The UI's API. Every procedure below `envProcedure` runs scoped to the signed-in
// user's account and the environment the UI has selected (header set by the client).

export { ENVIRONMENT_HEADER };

export interface TrpcContext {
  user: SessionUser | null;
  environmentName: string;
  /** Set-Cookie values to send back (log-in, log-out). */
  setCookies: string[];
  userAgent: string | null;
  secureCookies: boolean;
  /** Public base URL for webhook and API URLs shown to the user. */
  origin: string;
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

export async function createContext(request: Request): Promise<TrpcContext> {
  const token = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  return {
    user: await findSessionUser(token),
    environmentName: request.headers.get(ENVIRONMENT_HEADER) || DEFAULT_ENVIRONMENT,
    setCookies: [],
    userAgent: request.headers.get("user-agent"),
    secureCookies: isHttpsRequest(request),
    origin: requestOrigin(request),
  };
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      message: zod ? (zod.issues[0]?.message ?? "Invalid input") : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        fieldErrors: zod ? Object.fromEntries(zod.issues.map((i) => [i.path.join("."), i.message])) : undefined,
      },
    };
  },
});

/** AppErrors become tRPC errors with the same message; anything else stays an internal error. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeFor[cause.code], message: cause.message, cause });
  }
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
    console.error(result.error.cause ?? result.error);
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Please try again." });
  }
  return result;
});

/** Input Postgres could not store is refused before any procedure sees it. */
const refuseUnstorableText = t.middleware(async ({ getRawInput, next }) => {
  const unstorable = findUnstorableText(await getRawInput());
  if (unstorable !== null) throw new TRPCError({ code: "BAD_REQUEST", message: unstorableTextMessage(unstorable, "input") });
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors).use(refuseUnstorableText);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please log in" });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const envProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const environment = await getEnvironmentForAccount(ctx.user.accountId, ctx.environmentName);
  return next({ ctx: { ...ctx, environment } });
});
