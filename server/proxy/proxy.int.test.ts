import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { accountWithClient, type ApiClient } from "../rest/test-client";
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
