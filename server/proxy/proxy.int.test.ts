import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { accountWithClient, apiClient, type ApiClient } from "../rest/test-client";
import { createAccount, environmentKeys } from "../auth/accounts.service";
import { db } from "../lib/db";
import type { Environment } from "../lib/generated/prisma/client";
import { startProviderStandIn, type ProviderStandIn } from "../connect/test/provider-standin";
import { proxyRequest, ProxyError } from "./proxy.service";

let app: TestApp;
let api: ApiClient;
let environment: Environment;
let provider: ProviderStandIn;

beforeAll(async () => {
  app = await startTestApp();
  provider = await startProviderStandIn();
  const account = await accountWithClient(app.url, "proxy@example.com");
  api = account.api;
  environment = account.environment;
  expect(
    (await api.post("/api/v1/integrations", { key: "hub", provider: "hubspot", settings: { apiBaseUrl: `${provider.url}/api` } })).status,
  ).toBe(201);
  expect(
    (
      await api.post("/api/v1/integrations", {
        key: "keyed",
        provider: "custom",
        settings: { authMode: "apiKey", unsigned: true, apiBaseUrl: provider.url, apiKey: { header: "x-api-key", prefix: "Key " } },
      })
    ).status,
  ).toBe(201);
  expect(
    (await api.post("/api/v1/connections", { integrationKey: "hub", connectionId: "c1", credentials: { accessToken: "tok-1" } })).status,
  ).toBe(201);
  expect(
    (await api.post("/api/v1/connections", { integrationKey: "keyed", connectionId: "k1", credentials: { apiKey: "secret-key" } })).status,
  ).toBe(201);
});
afterAll(async () => {
  await provider.close();
  await app.stop();
});

describe("proxyRequest", () => {
  it("injects the bearer token, passes params, headers and a JSON body, and parses JSON", async () => {
    provider.script({ status: 201, body: { id: "42" } });
    const result = await proxyRequest({
      environment,
      integration: "hub",
      connection: "c1",
      method: "POST",
      endpoint: "/crm/v3/objects/contacts",
      params: { limit: 5 },
      headers: { "x-trace": "t1", authorization: "Bearer attacker" },
      data: { properties: { email: "a@example.com" } },
    });
    expect(result).toMatchObject({ status: 201, data: { id: "42" } });
    const request = provider.requests.at(-1)!;
    expect(request).toMatchObject({
      method: "POST",
      path: "/api/crm/v3/objects/contacts",
      json: { properties: { email: "a@example.com" } },
    });
    expect(request.query.get("limit")).toBe("5");
    expect(request.headers.authorization).toBe("Bearer tok-1");
    expect(request.headers["x-trace"]).toBe("t1");
    const op = await db().logOperation.findFirstOrThrow({ where: { type: "proxy" }, orderBy: { startedAt: "desc" } });
    expect(op).toMatchObject({ status: "success" });
    expect(op.title).toContain("201");
  });

  it("puts an API key in the provider's header with its prefix", async () => {
    const result = await proxyRequest({ environment, integration: "keyed", connection: "k1", method: "GET", endpoint: "v1/me" });
    expect(result.status).toBe(200);
    expect(provider.requests.at(-1)!.headers["x-api-key"]).toBe("Key secret-key");
  });

  it("retries a 429 after its Retry-After", async () => {
    provider.script({ status: 429, headers: { "retry-after": "1" }, body: { error: "slow down" } }, { status: 200, body: { ok: 1 } });
    const before = provider.requests.length;
    const started = Date.now();
    const result = await proxyRequest({ environment, integration: "hub", connection: "c1", method: "GET", endpoint: "/limited" });
    expect(result).toMatchObject({ status: 200, data: { ok: 1 } });
    expect(provider.requests.length - before).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("retries 5xx, then rejects with the last response", async () => {
    provider.script({ status: 503 }, { status: 500 }, { status: 502, body: { error: "down" } });
    const before = provider.requests.length;
    const error = await proxyRequest({
      environment,
      integration: "hub",
      connection: "c1",
      method: "GET",
      endpoint: "/down",
      retries: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).code).toBe("upstream");
    expect((error as ProxyError).response?.status).toBe(502);
    expect(provider.requests.length - before).toBe(3);
  });

  it("resolves 4xx without retrying, rejects network errors, refuses absolute URLs", async () => {
    provider.script({ status: 404, body: { error: "nope" } });
    expect(await proxyRequest({ environment, integration: "hub", connection: "c1", method: "GET", endpoint: "/missing" })).toMatchObject({
      status: 404,
      data: { error: "nope" },
    });
    await expect(
      proxyRequest({ environment, integration: "hub", connection: "c1", method: "GET", endpoint: "https://evil.example/steal" }),
    ).rejects.toThrow(/not a URL/);
    await db().integration.updateMany({ where: { key: "hub" }, data: { settings: { apiBaseUrl: "http://127.0.0.1:1" } } });
    const error = await proxyRequest({ environment, integration: "hub", connection: "c1", method: "GET", endpoint: "/x" }).catch(
      (e: unknown) => e,
    );
    expect((error as ProxyError).code).toBe("network");
    await db().integration.updateMany({ where: { key: "hub" }, data: { settings: { apiBaseUrl: `${provider.url}/api` } } });
  });
});

describe("proxy retries", () => {
  /** The stand-in answers with these, then 200 (its default); counts the calls one proxy request made. */
  async function calls(method: string, ...answers: Array<{ status: number; headers?: Record<string, string> }>) {
    provider.script(...answers);
    const before = provider.requests.length;
    const outcome = await proxyRequest({
      environment,
      integration: "hub",
      connection: "c1",
      method,
      endpoint: "/things",
      data: { a: 1 },
    }).catch((error: unknown) => error);
    return { outcome, count: provider.requests.length - before };
  }

  it("never repeats a POST or PATCH after a plain 5xx: it may have had its effect", async () => {
    for (const method of ["POST", "PATCH"]) {
      const { outcome, count } = await calls(method, { status: 500 });
      expect(count, method).toBe(1);
      expect((outcome as ProxyError).code).toBe("upstream");
      expect((outcome as ProxyError).response?.status).toBe(500);
    }
  });

  it("repeats any method on 429 and on 503 with Retry-After", async () => {
    const limited = await calls("POST", { status: 429, headers: { "retry-after": "0" } });
    expect(limited.count).toBe(2);
    expect(limited.outcome).toMatchObject({ status: 200 });
    const unavailable = await calls("PATCH", { status: 503, headers: { "retry-after": "0" } });
    expect(unavailable.count).toBe(2);
    expect(unavailable.outcome).toMatchObject({ status: 200 });
  });

  it("repeats idempotent methods on 5xx", async () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const { outcome, count } = await calls(method, { status: 500 }, { status: 502 });
      expect(count, method).toBe(3);
      expect(outcome, method).toMatchObject({ status: 200 });
    }
  });
});

describe("ANY /api/v1/proxy/{endpoint}", () => {
  it("passes method, path, query, body and forwarded headers through, and the answer back", async () => {
    provider.script({ status: 202, headers: { "x-provider": "yes" }, body: { accepted: true } });
    const response = await api.request(
      "PUT",
      "/api/v1/proxy/crm/v3/objects/1?archived=false",
      { name: "x" },
      {
        headers: { "connection-id": "c1", "integration-key": "hub", "switchboard-proxy-x-custom": "v" },
      },
    );
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: true });
    expect(response.headers.get("x-provider")).toBe("yes");
    const request = provider.requests.at(-1)!;
    expect(request).toMatchObject({ method: "PUT", path: "/api/crm/v3/objects/1", json: { name: "x" } });
    expect(request.query.get("archived")).toBe("false");
    expect(request.headers["x-custom"]).toBe("v");
    expect(request.headers.authorization).toBe("Bearer tok-1");
  });

  it("needs the API key and both headers; unknown connections are 404", async () => {
    expect((await fetch(`${app.url}/api/v1/proxy/x`)).status).toBe(401);
    expect((await api.request("GET", "/api/v1/proxy/x", undefined, { headers: { "integration-key": "hub" } })).status).toBe(400);
    const missing = await api.request("GET", "/api/v1/proxy/x", undefined, {
      headers: { "integration-key": "hub", "connection-id": "nope" },
    });
    expect(missing.status).toBe(404);
  });

  it("hands back the provider's last 5xx after the retries", async () => {
    provider.script({ status: 500 }, { status: 500 }, { status: 500 }, { status: 503, body: { error: "down" } });
    const response = await api.request("GET", "/api/v1/proxy/down", undefined, {
      headers: { "integration-key": "hub", "connection-id": "c1" },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("switchboard-proxy-error")).toBe("retries_exhausted");
  });
});

describe("destination policy for provider calls", () => {
  it("refuses an API base URL whose name resolves to a private address in prod, and allows it in dev", async () => {
    const { environments } = await createAccount({ email: "policy@example.com", password: "correct horse battery" });
    const port = new URL(provider.url).port;
    const clients: Record<string, ApiClient> = {};
    for (const env of environments) {
      const client = apiClient(app.url, environmentKeys(env).secretKey);
      clients[env.name] = client;
      // A DNS name, not an IP literal: only the resolved address shows that it is the loopback.
      const settings = { authMode: "apiKey", unsigned: true, apiBaseUrl: `http://localhost:${port}` };
      expect((await client.post("/api/v1/integrations", { key: "local", provider: "custom", settings })).status).toBe(201);
      expect(
        (await client.post("/api/v1/connections", { integrationKey: "local", connectionId: "l1", credentials: { apiKey: "k" } })).status,
      ).toBe(201);
    }
    const headers = { headers: { "integration-key": "local", "connection-id": "l1" } };
    const before = provider.requests.length;
    const refused = await clients.prod!.request<{ error: { code: string; message: string } }>(
      "GET",
      "/api/v1/proxy/v1/me",
      undefined,
      headers,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("refused");
    expect(refused.body.error.message).toMatch(/localhost resolves to the private address \S+, which this environment does not allow/);
    expect(provider.requests.length).toBe(before);

    const allowed = await clients.dev!.request("GET", "/api/v1/proxy/v1/me", undefined, headers);
    expect(allowed.status).toBe(200);
    expect(provider.requests.length).toBe(before + 1);
  });
});
