import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { db } from "../lib/db";
import type { ErrorBody } from "./errors";
import { accountWithClient, apiClient, type ApiClient } from "./test-client";

// What every endpoint shares: authentication, routing, body handling and the error shape.

let app: TestApp;
let api: ApiClient;
let secretKey: string;

beforeAll(async () => {
  app = await startTestApp();
  const account = await accountWithClient(app.url, "protocol@example.com");
  api = account.api;
  secretKey = account.keys.secretKey;
});
afterAll(async () => {
  await app.stop();
});

function expectError(response: { status: number; body: unknown }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({ error: { code, message: expect.any(String) as string } });
}

describe("authentication", () => {
  it("answers 401 without a key, with a wrong key and with a non-bearer scheme", async () => {
    const anonymous = await apiClient(app.url, null).get("/api/v1/integrations");
    expectError(anonymous, 401, "unauthorized");
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectError(await apiClient(app.url, "sk_dev_wrong").get("/api/v1/integrations"), 401, "unauthorized");
    expectError(await apiClient(app.url, "not-even-a-key").get("/api/v1/environment"), 401, "unauthorized");
    const basic = await api.request("GET", "/api/v1/environment", undefined, { headers: { authorization: `Basic ${secretKey}` } });
    expectError(basic, 401, "unauthorized");
  });

  it("writes nothing for an unauthenticated write", async () => {
    const response = await apiClient(app.url, "sk_dev_wrong").post("/api/v1/integrations", { key: "sneaky", provider: "github" });
    expectError(response, 401, "unauthorized");
    expect(await db().integration.count()).toBe(0);
  });
});

describe("routing", () => {
  it("answers 404 for unknown endpoints, with or without a key", async () => {
    expectError(await api.get("/api/v1/nope"), 404, "not_found");
    expectError(await apiClient(app.url, null).get("/api/v1/integrations/a/b/c"), 404, "not_found");
    expectError(await api.get("/api/v1"), 404, "not_found");
  });

  it("answers 405 with Allow for a known path and the wrong method", async () => {
    const response = await api.request("PUT", "/api/v1/integrations", { key: "x" });
    expectError(response, 405, "method_not_allowed");
    expect(response.headers.get("allow")).toBe("GET, POST");
  });

  it("accepts a trailing slash", async () => {
    expect((await api.get("/api/v1/integrations/")).status).toBe(200);
  });

  it("answers 404 for path parameters that cannot name anything", async () => {
    expectError(await api.get("/api/v1/integrations/NOT_A_KEY"), 404, "not_found");
    expectError(await api.get("/api/v1/integrations/%E0%A4%A"), 404, "not_found");
  });
});

describe("request bodies", () => {
  it("answers 400 for malformed JSON and writes nothing", async () => {
    const response = await api.request("POST", "/api/v1/integrations", undefined, { rawBody: '{"key": "gh", "provider": ' });
    expectError(response, 400, "bad_request");
    expect((response.body as ErrorBody).error.message).toMatch(/not valid JSON/);
    expectError(await api.request("POST", "/api/v1/integrations", undefined, { rawBody: "" }), 400, "bad_request");
    expect(await db().integration.count()).toBe(0);
  });

  it("answers 415 when the body is not declared as JSON", async () => {
    const response = await api.request("POST", "/api/v1/integrations", undefined, {
      rawBody: JSON.stringify({ key: "gh", provider: "github" }),
      headers: { "content-type": "text/plain" },
    });
    expectError(response, 415, "unsupported_media_type");
    expect(await db().integration.count()).toBe(0);
  });

  it("accepts JSON with a charset and +json media types", async () => {
    const response = await api.request("POST", "/api/v1/integrations", undefined, {
      rawBody: JSON.stringify({ key: "charset", provider: "github" }),
      headers: { "content-type": "application/vnd.api+json; charset=utf-8" },
    });
    expect(response.status).toBe(201);
    expect((await api.delete("/api/v1/integrations/charset")).status).toBe(204);
  });

  it("answers 422 naming the field, for a JSON body that is not an object too", async () => {
    const response = await api.post<ErrorBody>("/api/v1/integrations", { key: "Bad Key", provider: "github" });
    expectError(response, 422, "unprocessable");
    expect(response.body.error.message).toBe("key: must be lowercase letters, digits and dashes");
    const array = await api.post<ErrorBody>("/api/v1/integrations", [1, 2]);
    expectError(array, 422, "unprocessable");
    expect(array.body.error.message).toMatch(/^request body: /);
    const unknown = await api.post<ErrorBody>("/api/v1/integrations", { key: "ok", provider: "github", clientSecrett: "typo" });
    expect(unknown.body.error.message).toBe("clientSecrett: unknown field");
    expect(await db().integration.count()).toBe(0);
  });

  it("answers 422 or 400 naming where text Postgres cannot store is (a NUL character, half an emoji), and writes nothing", async () => {
    const body = await api.post<ErrorBody>("/api/v1/integrations", {
      key: "nul",
      provider: "custom",
      settings: { eventType: { path: "a\u0000" } },
    });
    expectError(body, 422, "unprocessable");
    expect(body.body.error.message).toBe(
      "settings.eventType.path: must not contain the NUL character (\\u0000) or half of a surrogate pair",
    );
    const query = await api.get<ErrorBody>("/api/v1/webhooks?type=a%00b");
    expectError(query, 400, "bad_request");
    expect(query.body.error.message).toBe("type: must not contain the NUL character (\\u0000) or half of a surrogate pair");
    const halfEmoji = await api.post<ErrorBody>("/api/v1/integrations", { key: "half", provider: "github", clientId: "cut \ud83d" });
    expectError(halfEmoji, 422, "unprocessable");
    expect(halfEmoji.body.error.message).toMatch(/^clientId: must not contain/);
    expect(await db().integration.count()).toBe(0);
  });

  it("answers 400 for a query parameter the endpoint does not take, rather than ignore a mistyped filter", async () => {
    const typo = await api.get<ErrorBody>("/api/v1/connections?integrationkey=github");
    expectError(typo, 400, "bad_request");
    expect(typo.body.error.message).toBe(
      "integrationkey: unknown query parameter; this endpoint takes integrationKey, search, cursor, limit",
    );
    const none = await api.get<ErrorBody>("/api/v1/environment?verbose=1");
    expectError(none, 400, "bad_request");
    expect(none.body.error.message).toBe("verbose: unknown query parameter; this endpoint takes none");
    expect((await api.get("/api/v1/connections?integrationKey=github&limit=5")).status).toBe(200);
  });

  it("answers 413 for a body over 1 MiB and writes nothing", async () => {
    const big = JSON.stringify({ key: "big", provider: "custom", settings: { padding: "x".repeat(1024 * 1024) } });
    const response = await api.request("POST", "/api/v1/integrations", undefined, { rawBody: big });
    expectError(response, 413, "payload_too_large");
    expect(await db().integration.count()).toBe(0);
  });

  it("answers 413 for a streamed body without a length once it passes 1 MiB", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${app.url}/api/v1/integrations`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/json", "transfer-encoding": "chunked" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // The server may close the connection before all of this is sent; only its answer matters.
      req.on("error", () => {});
      req.on("close", () => reject(new Error("closed without an answer")));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      req.write('{"key":"stream","provider":"github","x":"');
      for (let i = 0; i < 40; i++) req.write(chunk);
      req.end('"}');
    });
    expect(status).toBe(413);
    expect(await db().integration.count()).toBe(0);
  });
});

describe("origin", () => {
  it("builds webhook URLs from the forwarded host and scheme", async () => {
    const response = await api.request<{ webhookUrl: string }>(
      "POST",
      "/api/v1/integrations",
      { key: "proxied", provider: "github" },
      {
        headers: { "x-forwarded-proto": "https", "x-forwarded-host": "hooks.example.com" },
      },
    );
    expect(response.body.webhookUrl).toMatch(/^https:\/\/hooks\.example\.com\/webhooks\/dev_[a-z0-9]+\/proxied$/);
  });
});

describe("openapi.json", () => {
  it("is served without a key and lists the bearer scheme", async () => {
    const response = await apiClient(app.url, null).get<{ openapi: string; components: { securitySchemes: object }; servers: unknown }>(
      "/api/v1/openapi.json",
    );
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    expect(response.body.components.securitySchemes).toHaveProperty("bearerAuth");
    expect(response.body.servers).toEqual([{ url: app.url }]);
  });
});
