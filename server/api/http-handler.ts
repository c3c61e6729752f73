import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "./root";
import { createContext } from "./trpc";

export const TRPC_ENDPOINT = "/api/trpc";

/** The tRPC API over HTTP (mounted by app/api/trpc/[trpc]/route.ts); cookies set by procedures go out as Set-Cookie. */
export function handleTrpcRequest(request: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: request,
    router: appRouter,
    createContext: () => createContext(request),
    responseMeta({ ctx }) {
      // Responses are per user and may carry secrets: never cache them anywhere.
      const headers = new Headers({ "cache-control": "no-store" });
      for (const cookie of ctx?.setCookies ?? []) headers.append("set-cookie", cookie);
      return { headers };
    },
  });
}
