import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { AppError } from "../lib/errors";
import { authenticate } from "../rest/auth";
import { readRawBody } from "../rest/body";
import { toErrorResponse } from "../rest/errors";
import { sendJson } from "../rest/respond";
import { defineRoute, type RestRoute } from "../rest/route";
import { ProxyError, proxyRaw, type RawProxyResponse } from "./proxy.service";

// ANY /api/v1/proxy/{endpoint}: the customer's backend calls a provider's API as one
// connection. Bodies and answers are bytes passed through, so this is served before the
// JSON route table; the table still lists it (below) so that the OpenAPI document does.

export const PROXY_PREFIX = "/api/v1/proxy/";
const FORWARDED_PREFIX = "switchboard-proxy-";
// Framing and per-hop headers are recomputed by us; cookies from a provider are not the caller's.
const droppedResponseHeaders = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "set-cookie",
]);

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

/** content-type and accept go through; any other header is sent as `Switchboard-Proxy-<Name>`. */
function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ["content-type", "accept"]) {
    const value = header(req, name);
    if (value) headers[name] = value;
  }
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(FORWARDED_PREFIX) && typeof value === "string") headers[name.slice(FORWARDED_PREFIX.length)] = value;
  }
  return headers;
}

function sendUpstream(res: ServerResponse, response: RawProxyResponse, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (!droppedResponseHeaders.has(name)) headers[name] = value;
  res.writeHead(response.status, { ...headers, ...extra, "content-length": String(response.body.length), "cache-control": "no-store" });
  res.end(response.body);
}

export async function handleProxyRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const environment = await authenticate(req);
    const url = new URL(req.url ?? "/", "http://localhost");
    const endpoint = url.pathname.slice(PROXY_PREFIX.length);
    const connectionId = header(req, "connection-id");
    const integrationKey = header(req, "integration-key");
    if (!connectionId || !integrationKey) throw new AppError("bad_request", "Send the Connection-Id and Integration-Key headers");
    if (!endpoint) throw new AppError("bad_request", "Add the provider's endpoint after /api/v1/proxy/");
    const method = (req.method ?? "GET").toUpperCase();
    const body = method === "GET" || method === "HEAD" ? undefined : await readRawBody(req);
    const response = await proxyRaw({
      environment,
      integration: integrationKey,
      connection: connectionId,
      method,
      endpoint: `/${endpoint}`,
      params: url.searchParams,
      headers: forwardedHeaders(req),
      data: body && body.length > 0 ? body : undefined,
    });
    sendUpstream(res, response);
  } catch (error) {
    if (res.headersSent) return void res.destroy();
    if (error instanceof ProxyError) {
      if (error.response) return sendUpstream(res, error.response, { "switchboard-proxy-error": "retries_exhausted" });
      const status = error.code === "needs_reauth" ? 409 : error.code === "refused" ? 403 : 502;
      return sendJson(res, status, { error: { code: error.code, message: error.message } });
    }
    const failure = toErrorResponse(error);
    sendJson(res, failure.status, failure.body, failure.headers);
  }
}

const proxyDescription =
  "Calls the provider's API as the connection named by the `Connection-Id` and `Integration-Key` headers: the path after " +
  "`/api/v1/proxy/` and the query string go to the provider's API base URL, with the connection's credentials injected " +
  "(OAuth 2 bearer token, refreshed first when it is about to expire; API key; basic). The body is passed through as bytes; " +
  "`Content-Type` and `Accept` are forwarded, and any other header is forwarded when sent as `Switchboard-Proxy-<Name>`. " +
  "429 answers, and 503 answers with `Retry-After`, are retried for any method; other 5xx answers only for GET, HEAD, OPTIONS, " +
  "PUT and DELETE (a POST or PATCH may already have had its effect); with exponential backoff and jitter honouring `Retry-After`. " +
  "The provider's status, headers and body come back as they are; a final 5xx answer carries " +
  "`Switchboard-Proxy-Error: retries_exhausted`. " +
  "502 `network`: the provider could not be reached; 409 `needs_reauth`: the end user must connect again; 403 `refused`: " +
  "the API base URL is not allowed by the environment's policy.";

const notDispatched = () => Promise.reject(new Error("proxy requests are served by handleProxyRequest"));

/** Documentation entries for the OpenAPI document; requests never reach these handlers. */
export const proxyRoutes: RestRoute[] = (["get", "post", "put", "patch", "delete"] as const).map((method) =>
  defineRoute({
    method,
    path: "/api/v1/proxy/{endpoint}",
    operationId: `proxy${method[0]!.toUpperCase()}${method.slice(1)}`,
    summary: `Proxy a ${method.toUpperCase()} request to the provider's API`,
    description: proxyDescription,
    tag: "Proxy",
    params: z.object({
      endpoint: z.string().meta({ description: "The provider API path, e.g. crm/v3/objects/contacts (may contain slashes)." }),
    }),
    status: 200,
    responseDescription: "The provider's answer, passed through (its own status, headers and body)",
    errors: [400, 404, 409, 413],
    handle: notDispatched,
  }),
);
