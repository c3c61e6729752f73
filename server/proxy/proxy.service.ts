import { db, pool } from "../lib/db";
import { decryptJson } from "../lib/crypto";
import { AppError, notFound } from "../lib/errors";
import type { Connection, Environment, Integration } from "../lib/generated/prisma/client";
import { LogBatch } from "../logs/log-batch";
import { parseRetryAfter } from "../forwarding/http-sender";
import { mayRetryRequest, retryDelayMs } from "../forwarding/retry-policy";
import { findIntegrationRow } from "../integrations/integrations.repo";
import { resolveApiBaseUrl, resolveAuth, type EffectiveAuth } from "../connect/auth-settings";
import { readCredentials, type StoredCredentials } from "../connect/credentials";
import { needsRefresh, refreshConnectionToken } from "../connect/token-refresh";
import { isRefusal, providerFetch } from "./provider-http";

// Calls a provider's API as one connection: the connection's credentials are injected
// (bearer token, basic, API key header or query), an expiring OAuth token is refreshed
// first, answers are retried with the forwards' backoff (jitter, Retry-After) where that
// is safe (429 and 503 with Retry-After for any method; other 5xx only for idempotent
// methods, since a POST may have had its effect), and every call is logged as an operation. Used by Functions (ctx.proxy) and by
// ANY /api/v1/proxy/{endpoint}.

export interface ProxyRequestInput {
  environment: Pick<Environment, "id" | "allowPrivateForwardUrls">;
  /** The integration row, or its key. */
  integration: Integration | string;
  /** The connection row, or the id the customer knows it by. */
  connection: Connection | string;
  method: string;
  /** A path on the provider's API base URL, e.g. "/crm/v3/objects/contacts". */
  endpoint: string;
  params?: Record<string, string | number | boolean | undefined | null> | URLSearchParams;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and bytes as they are. */
  data?: unknown;
  /** Hangs this call's log entry under a caller's operation (a Function run). */
  parentOperationId?: string;
  /** Retries after the first attempt (see mayRetryRequest); 3 unless told. */
  retries?: number;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, else text. */
  data: unknown;
}

export interface RawProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class ProxyError extends Error {
  override name = "ProxyError";
  constructor(
    message: string,
    readonly code: "network" | "upstream" | "needs_reauth" | "refused",
    readonly response?: RawProxyResponse,
  ) {
    super(message);
  }
}

const ATTEMPT_TIMEOUT_MS = 30_000;
const RETRY_BASE_MS = 300;
/** A Retry-After longer than this is shortened to it, so one call never waits minutes. */
const RETRY_DELAY_CAP_MS = 30_000;
// Hop-by-hop and framing headers are ours to set; the caller's credentials never override the connection's.
// Answers are passed on as bytes without decoding, so no compressed encoding is asked for.
const droppedRequestHeaders = new Set([
  "accept-encoding",
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "authorization",
  "cookie",
  "keep-alive",
  "upgrade",
]);

function isJson(contentType: string | undefined): boolean {
  return /^application\/([a-z0-9.+-]+\+)?json\b/i.test(contentType ?? "");
}

export function parseProxyBody(raw: RawProxyResponse): unknown {
  const text = raw.body.toString("utf8");
  if (isJson(raw.headers["content-type"]) && text.length > 0) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

async function loadTargets(input: ProxyRequestInput): Promise<{ integration: Integration; connection: Connection }> {
  const integration =
    typeof input.integration === "string" ? await findIntegrationRow(input.environment.id, input.integration) : input.integration;
  if (!integration || integration.environmentId !== input.environment.id) {
    throw notFound(`Integration "${typeof input.integration === "string" ? input.integration : input.integration.key}"`);
  }
  const connection =
    typeof input.connection === "string"
      ? await db().connection.findFirst({
          where: { environmentId: input.environment.id, integrationId: integration.id, connectionId: input.connection },
        })
      : input.connection;
  if (!connection || connection.integrationId !== integration.id) {
    throw notFound(`Connection "${typeof input.connection === "string" ? input.connection : input.connection.connectionId}"`);
  }
  return { integration, connection };
}

export function buildUrl(base: string, endpoint: string, params: ProxyRequestInput["params"]): URL {
  // Only paths: an absolute URL would send the connection's credentials to another host.
  if (/^[a-z][a-z0-9+.-]*:/i.test(endpoint) || endpoint.startsWith("//")) {
    throw new AppError("bad_request", "endpoint: must be a path on the provider's API, not a URL");
  }
  const url = new URL(`${base}/${endpoint.replace(/^\/+/, "")}`);
  const entries = params instanceof URLSearchParams ? [...params] : Object.entries(params ?? {});
  for (const [name, value] of entries) if (value !== undefined && value !== null) url.searchParams.append(name, String(value));
  return url;
}

export function injectCredentials(auth: EffectiveAuth, credentials: StoredCredentials, url: URL, headers: Record<string, string>): void {
  if (credentials.accessToken && auth.mode !== "apiKey" && auth.mode !== "basic") {
    if (auth.mode === "oauth2" && auth.accessTokenHeader) headers[auth.accessTokenHeader.toLowerCase()] = credentials.accessToken;
    else headers.authorization = `Bearer ${credentials.accessToken}`;
    return;
  }
  if (auth.mode === "apiKey" && credentials.apiKey) {
    const value = `${auth.prefix ?? ""}${credentials.apiKey}`;
    if (auth.query) url.searchParams.set(auth.query, value);
    if (auth.header || !auth.query) headers[(auth.header ?? "authorization").toLowerCase()] = value;
    return;
  }
  if (credentials.username !== undefined || auth.mode === "basic") {
    const token = Buffer.from(`${credentials.username ?? ""}:${credentials.password ?? ""}`).toString("base64");
    headers.authorization = `Basic ${token}`;
    return;
  }
  if (credentials.accessToken) headers.authorization = `Bearer ${credentials.accessToken}`;
}

function encodeBody(data: unknown, headers: Record<string, string>): Buffer | undefined {
  if (data === undefined || data === null) return undefined;
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data);
  if (typeof data === "string") return Buffer.from(data);
  headers["content-type"] ??= "application/json";
  return Buffer.from(JSON.stringify(data));
}

function attempt(
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: Buffer | undefined,
  allowPrivate: boolean,
): Promise<RawProxyResponse> {
  return providerFetch(url, {
    method,
    headers,
    body: body && method !== "GET" && method !== "HEAD" ? body : undefined,
    timeoutMs: ATTEMPT_TIMEOUT_MS,
    allowPrivate,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The call with the body as bytes (the REST route passes it through); rejects like proxyRequest. */
export async function proxyRaw(input: ProxyRequestInput): Promise<RawProxyResponse> {
  const method = input.method.toUpperCase();
  const { integration, connection } = await loadTargets(input);
  const logs = new LogBatch();
  const started = Date.now();
  const op = {
    environmentId: input.environment.id,
    parentId: input.parentOperationId ?? null,
    type: "proxy",
    integrationId: integration.id,
    connectionId: connection.id,
    startedAt: new Date(started),
  };
  const opId = logs.operation({ ...op, title: `${method} ${input.endpoint}`, status: "running" });
  const finish = async (status: "success" | "failed", title: string) => {
    logs.operation({ ...op, id: opId, title, status, endedAt: new Date() });
    await logs.write(pool()).catch(() => {});
  };

  try {
    if (connection.status === "needs_reauth") {
      throw new ProxyError(`Connection "${connection.connectionId}" needs to be re-authorised by its end user`, "needs_reauth");
    }
    const auth = resolveAuth(integration);
    let credentials = readCredentials(connection.credentialsEnc ? decryptJson(connection.credentialsEnc) : {});
    const refresh = async (force: boolean) => {
      const outcome = await refreshConnectionToken(connection.id, { force, parentOperationId: opId });
      if (outcome.status === "failed") {
        throw new ProxyError(
          `Token refresh failed (${outcome.error}); the connection is marked ${outcome.connectionStatus}`,
          "needs_reauth",
        );
      }
      credentials = outcome.credentials;
    };
    if (auth.mode === "oauth2" && needsRefresh(credentials)) await refresh(false);

    const url = buildUrl(resolveApiBaseUrl(integration, credentials.connectionConfig ?? {}), input.endpoint, input.params);
    const callerHeaders = Object.fromEntries(
      Object.entries(input.headers ?? {})
        .map(([name, value]) => [name.toLowerCase(), value] as const)
        .filter(([name]) => !droppedRequestHeaders.has(name)),
    );
    const body = encodeBody(input.data, callerHeaders);
    const retries = input.retries ?? 3;
    let refreshedAfter401 = false;

    for (let n = 0; ; n++) {
      const headers = { ...callerHeaders };
      const target = new URL(url);
      injectCredentials(auth, credentials, target, headers);
      const attemptStart = Date.now();
      let response: RawProxyResponse;
      try {
        response = await attempt(method, target, headers, body, input.environment.allowPrivateForwardUrls);
      } catch (error) {
        if (isRefusal(error)) throw new ProxyError(error.message, "refused");
        const reason = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
        logs.message(op.environmentId, opId, "error", `Attempt ${n + 1}: network error: ${reason}`, {
          durationMs: Date.now() - attemptStart,
        });
        throw new ProxyError(`Network error calling ${url.origin}: ${reason}`, "network");
      }
      const durationMs = Date.now() - attemptStart;
      logs.message(
        op.environmentId,
        opId,
        response.status >= 400 ? "warn" : "info",
        `Attempt ${n + 1}: ${response.status} in ${durationMs} ms`,
        {
          status: response.status,
          durationMs,
        },
      );
      // An access token the provider no longer accepts: refresh once, then try again.
      if (response.status === 401 && auth.mode === "oauth2" && credentials.refreshToken && !refreshedAfter401) {
        refreshedAfter401 = true;
        await refresh(true);
        continue;
      }
      const retryAfterMs = parseRetryAfter(response.headers["retry-after"]);
      if (n < retries && mayRetryRequest(method, response.status, retryAfterMs !== null)) {
        const wait = retryDelayMs({ attempt: n + 1, baseMs: RETRY_BASE_MS, retryAfterMs, maxMs: RETRY_DELAY_CAP_MS });
        logs.message(op.environmentId, opId, "info", `Retrying in ${Math.round(wait)} ms`);
        await sleep(wait);
        continue;
      }
      const total = Date.now() - started;
      if (response.status >= 500) {
        await finish("failed", `${method} ${input.endpoint} → ${response.status} (${total} ms)`);
        throw new ProxyError(`${method} ${input.endpoint} failed with ${response.status} after ${n + 1} attempts`, "upstream", response);
      }
      await finish(response.status < 400 ? "success" : "failed", `${method} ${input.endpoint} → ${response.status} (${total} ms)`);
      return response;
    }
  } catch (error) {
    if (!(error instanceof ProxyError && error.code === "upstream")) {
      logs.message(op.environmentId, opId, "error", (error as Error).message);
      await finish("failed", `${method} ${input.endpoint} → error (${Date.now() - started} ms)`);
    }
    throw error;
  }
}

/** The contract of ctx.proxy: `{ status, headers, data }`; rejects on network errors and on 5xx after retries. */
export async function proxyRequest(input: ProxyRequestInput): Promise<ProxyResponse> {
  const raw = await proxyRaw(input);
  return { status: raw.status, headers: raw.headers, data: parseProxyBody(raw) };
}
