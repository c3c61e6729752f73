import { ENVIRONMENT_HEADER } from "./constants";
import { handleTrpcRequest, TRPC_ENDPOINT } from "./http-handler";
import { appRouter } from "./root";
import { createCallerFactory, createContext } from "./trpc";

// Test helpers for the tRPC API: a server-side caller with the context a real request
// would get, and plain HTTP calls through the same handler the Next route mounts.

const createCaller = createCallerFactory(appRouter);

const BASE = "http://localhost:3000";

function requestHeaders(options: { token?: string; environment?: string; headers?: Record<string, string> }): Headers {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("cookie", `sb_session=${options.token}`);
  if (options.environment) headers.set(ENVIRONMENT_HEADER, options.environment);
  return headers;
}

export async function callerFor(options: { token?: string; environment?: string; url?: string } = {}) {
  const ctx = await createContext(new Request(options.url ?? `${BASE}${TRPC_ENDPOINT}`, { headers: requestHeaders(options) }));
  return { caller: createCaller(ctx), ctx };
}

export interface TrpcHttpResult {
  status: number;
  setCookies: string[];
  headers: Headers;
  /** result.data on success, error.data / error.message on failure. */
  body: { result?: { data: unknown }; error?: { message: string; data: { code: string; fieldErrors?: Record<string, string> } } };
}

export async function trpcHttp(
  type: "query" | "mutation",
  path: string,
  input: unknown,
  options: { token?: string; environment?: string; url?: string } = {},
): Promise<TrpcHttpResult> {
  const url = new URL(`${options.url ?? BASE}${TRPC_ENDPOINT}/${path}`);
  const headers = requestHeaders(options);
  let request: Request;
  if (type === "query") {
    if (input !== undefined) url.searchParams.set("input", JSON.stringify(input));
    request = new Request(url, { headers });
  } else {
    headers.set("content-type", "application/json");
    request = new Request(url, { method: "POST", headers, body: JSON.stringify(input ?? null) });
  }
  const response = await handleTrpcRequest(request);
  return {
    status: response.status,
    setCookies: response.headers.getSetCookie(),
    headers: response.headers,
    body: (await response.json()) as TrpcHttpResult["body"],
  };
}

/** The session token a Set-Cookie header carries. */
export function sessionTokenFrom(setCookies: string[]): string | undefined {
  const cookie = setCookies.find((value) => value.startsWith("sb_session="));
  const value = cookie?.split(";")[0]?.slice("sb_session=".length);
  return value ? decodeURIComponent(value) : undefined;
}

/** A new account, signed in through the API; returns its session token and a caller per environment. */
export async function signedInAccount(email: string, password = "correct horse battery") {
  const response = await trpcHttp("mutation", "auth.signUp", { email, password });
  const token = sessionTokenFrom(response.setCookies);
  if (!token) throw new Error(`sign-up failed: ${JSON.stringify(response.body)}`);
  const dev = await callerFor({ token, environment: "dev" });
  const prod = await callerFor({ token, environment: "prod" });
  return { token, dev: dev.caller, prod: prod.caller, devCtx: dev.ctx };
}
