import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../lib/errors";
import { authenticate } from "./auth";
import { readJsonBody } from "./body";
import { HttpError, invalidInput, toErrorResponse } from "./errors";
import { compileRoutes, matchRoute } from "./match";
import { requestOrigin } from "./origin";
import { sendEmpty, sendJson } from "./respond";
import type { RestRoute } from "./route";
import { restRoutes } from "./routes";
import { handleProxyRequest, PROXY_PREFIX } from "../proxy/proxy.http";
import { findUnstorableText, unstorableTextMessage } from "../lib/storable-text";

// The public REST API (/api/v1): find the route, authenticate, validate params, query
// and body with the route's schemas, call its handler, and send what its response
// schema lets through. Errors of any kind are mapped in one place (errors.ts).

const compiled = compileRoutes(restRoutes);

export async function handleRestRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // The proxy passes bytes through, so it is served outside the JSON route table.
  if (req.url?.startsWith(PROXY_PREFIX)) return handleProxyRequest(req, res);
  try {
    const { status, body } = await dispatch(req);
    if (body === undefined) sendEmpty(res, status);
    else sendJson(res, status, body);
  } catch (error) {
    const failure = toErrorResponse(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, failure.status, failure.body, failure.headers);
  }
}

async function dispatch(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const match = matchRoute(compiled, req.method ?? "GET", url.pathname);
  if (match.kind === "not_found") throw new AppError("not_found", `No such endpoint: ${req.method} ${url.pathname}`);
  if (match.kind === "method_not_allowed") {
    const allow = match.allowed.map((m) => m.toUpperCase()).join(", ");
    throw new HttpError("method_not_allowed", `${req.method} is not allowed here; use ${allow}`, { allow });
  }
  const { route } = match;
  const environment = route.auth ? await authenticate(req) : null;
  const params = parseParams(route, match.params);
  const query = parseQuery(route, url.searchParams);
  const body = route.body ? parseBody(route, await readJsonBody(req)) : undefined;
  const result = await route.handle({ environment, params, query, body, origin: requestOrigin(req) });
  if (!route.response) return { status: route.status, body: undefined };
  const output = route.response.safeParse(result);
  // A handler returning something its schema does not describe is our bug, not the caller's.
  if (!output.success) throw new Error(`Response of ${route.operationId} does not match its schema: ${output.error.message}`);
  return { status: route.status, body: output.data };
}

function parseParams(route: RestRoute, raw: Record<string, string>): unknown {
  if (!route.params) return undefined;
  const result = route.params.safeParse(raw);
  // A parameter that cannot be valid names nothing that exists.
  if (!result.success) throw new AppError("not_found", "Not found");
  return result.data;
}

function parseQuery(route: RestRoute, searchParams: URLSearchParams): unknown {
  const raw = Object.fromEntries(searchParams);
  // A mistyped filter would otherwise be ignored, and the answer look filtered when it is not.
  const known = new Set(route.query ? Object.keys(route.query.shape) : []);
  const unknown = Object.keys(raw).find((name) => !known.has(name));
  if (unknown !== undefined) {
    const accepted = known.size > 0 ? `; this endpoint takes ${[...known].join(", ")}` : "; this endpoint takes none";
    throw new AppError("bad_request", `${unknown}: unknown query parameter${accepted}`);
  }
  if (!route.query) return undefined;
  const unstorable = findUnstorableText(raw);
  if (unstorable !== null) throw new AppError("bad_request", unstorableTextMessage(unstorable, "query"));
  const result = route.query.safeParse(raw);
  if (!result.success) throw invalidInput(result.error, "query");
  return result.data;
}

function parseBody(route: RestRoute, raw: unknown): unknown {
  const unstorable = findUnstorableText(raw);
  if (unstorable !== null) throw new AppError("unprocessable", unstorableTextMessage(unstorable, "request body"));
  const result = route.body!.safeParse(raw);
  if (!result.success) throw invalidInput(result.error, "body");
  return result.data;
}
