import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import { startTestApp } from "../test/harness";
import { startReceiver, type Receiver } from "../test/receiver";
export { waitUntil } from "../test/wait";
import { accountWithClient, type ApiClient } from "../rest/test-client";

// Shared by the pipeline integration tests: a real local HTTP server standing in for a
// provider's API, and helpers to set up a custom integration and send it webhooks.

export interface ApiStandIn {
  url: string;
  requests: Array<{ method: string; path: string; headers: IncomingHttpHeaders }>;
  /** Milliseconds each response waits (a slow API). */
  delayMs: number;
  /** Per request path, instead of delayMs when it returns a number (an API slow for some objects). */
  delayFor: ((path: string) => number | undefined) | null;
  close(): Promise<void>;
}

/** GET /contacts/{id} answers `{ id, email, company }`; everything else 404. */
export async function startApiStandIn(): Promise<ApiStandIn> {
  const standIn: ApiStandIn = { url: "", requests: [], delayMs: 0, delayFor: null, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    standIn.requests.push({ method: req.method ?? "GET", path, headers: req.headers });
    const match = /^\/contacts\/([^/]+)$/.exec(path);
    setTimeout(
      () => {
        if (!match) {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
          return;
        }
        const id = decodeURIComponent(match[1]!);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id, email: `${id}@example.com`, company: "Acme" }));
      },
      standIn.delayFor?.(path) ?? standIn.delayMs,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return standIn;
}

export interface PipelineTestEnv {
  app: Awaited<ReturnType<typeof startTestApp>>;
  receiver: Receiver;
  providerApi: ApiStandIn;
  api: ApiClient;
  publicId: string;
  stop(): Promise<void>;
}

/** The app (worker on unless told), an account, a receiver as its forward URL and an API stand-in; stop() in afterAll. */
export async function startPipelineTestEnv(
  email: string,
  appOptions: Parameters<typeof startTestApp>[0] = { worker: true },
): Promise<PipelineTestEnv> {
  const app = await startTestApp(appOptions);
  const account = await accountWithClient(app.url, email);
  const receiver = await startReceiver(account.keys.forwardSigningSecret);
  const providerApi = await startApiStandIn();
  expect((await account.api.patch("/api/v1/environment", { forwardUrl: receiver.url })).status).toBe(200);
  return {
    app,
    receiver,
    providerApi,
    api: account.api,
    publicId: account.keys.publicId,
    async stop() {
      await app.stop();
      await receiver.close();
      await providerApi.close();
    },
  };
}

/**
 * startPipelineTestEnv in a beforeAll and its stop() in an afterAll, for a whole test file. The
 * returned object is filled in by the beforeAll: read its fields inside hooks and tests only.
 */
export function pipelineTestEnvPerFile(email: string, appOptions?: Parameters<typeof startPipelineTestEnv>[1]): PipelineTestEnv {
  const env = {} as PipelineTestEnv;
  let started = false;
  beforeAll(async () => {
    Object.assign(env, await startPipelineTestEnv(email, appOptions));
    started = true;
  });
  afterAll(async () => {
    if (started) await env.stop();
  });
  return env;
}

/** A custom provider integration (unsigned webhooks, API key auth) with one connection `acme`. */
export async function createCustomIntegration(api: ApiClient, key: string, apiBaseUrl: string, settings: Record<string, unknown> = {}) {
  const created = await api.post("/api/v1/integrations", {
    key,
    provider: "custom",
    settings: {
      unsigned: true,
      authMode: "apiKey",
      apiKey: { header: "x-api-key" },
      apiBaseUrl,
      eventTypePath: "type",
      attribution: [{ key: "accountId", path: "accountId" }],
      idempotencyPath: "id",
      objectIdPath: "object.id",
      ...settings,
    },
  });
  expect(created.status).toBe(201);
  const connection = await api.post("/api/v1/connections", {
    integrationKey: key,
    connectionId: "acme",
    attribution: { accountId: "acct-1" },
    credentials: { apiKey: "secret-api-key" },
  });
  expect(connection.status).toBe(201);
}

export async function putPipeline(api: ApiClient, key: string, graph: { nodes: unknown[]; edges: unknown[] }) {
  const response = await api.request("PUT", `/api/v1/integrations/${key}/pipeline`, graph);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response;
}

let sequence = 0;

/** Sends one webhook with a unique event id; returns the stored webhook's id. */
export async function sendEvent(
  baseUrl: string,
  publicId: string,
  key: string,
  event: { type: string; object: Record<string, unknown>; accountId?: string },
): Promise<string> {
  const id = `evt-${Date.now()}-${sequence++}`;
  const response = await fetch(`${baseUrl}/webhooks/${publicId}/${key}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id, accountId: "acct-1", ...event }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

export function graph(nodes: Array<{ id: string; type: string; data?: Record<string, unknown> }>, edges: Array<[string, string]>) {
  return {
    nodes: nodes.map((n, i) => ({ id: n.id, type: n.type, position: { x: i * 250, y: 0 }, data: n.data ?? {} })),
    edges: edges.map(([source, target]) => ({ id: `${source}-${target}`, source, target })),
  };
}

/** The commonest pipeline: a trigger, one Function, and (unless `forward` is false) a Forward of what it returns. */
export function functionPipeline(code: string, options: { eventTypes?: string[]; forward?: boolean } = {}) {
  const nodes = [
    { id: "t1", type: "trigger", data: { eventTypes: options.eventTypes ?? ["*"] } },
    { id: "f1", type: "function", data: { code } },
  ];
  if (options.forward === false) return graph(nodes, [["t1", "f1"]]);
  return graph(
    [...nodes, { id: "w1", type: "forward" }],
    [
      ["t1", "f1"],
      ["f1", "w1"],
    ],
  );
}
