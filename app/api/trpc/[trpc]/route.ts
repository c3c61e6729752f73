import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";

function handler(request: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
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

export { handler as GET, handler as POST };
