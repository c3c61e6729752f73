import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { db } from "../lib/db";
import { decrypt } from "../lib/crypto";
import type { IntegrationView } from "../integrations/integrations.schema";
import type { ErrorBody } from "./errors";
import { accountWithClient, type ApiClient, type Wire } from "./test-client";

type Integration = Wire<IntegrationView>;

let app: TestApp;
let api: ApiClient;
let other: ApiClient;
let publicId: string;
const CLIENT_SECRET = "cs_very_secret_value_123";
const WEBHOOK_SECRET = "whsec_provider_side_456";

beforeAll(async () => {
  app = await startTestApp();
  const mine = await accountWithClient(app.url, "integrations@example.com");
  api = mine.api;
  publicId = mine.keys.publicId;
  other = (await accountWithClient(app.url, "someone-else@example.com")).api;
});
afterAll(async () => {
  await app.stop();
});

describe("integrations API", () => {
  it("creates an integration, stores secrets encrypted and never echoes them", async () => {
    const response = await api.post<Integration>("/api/v1/integrations", {
      key: "github-main",
      provider: "github",
      clientId: "Iv1.abc",
      clientSecret: CLIENT_SECRET,
      webhookSecret: WEBHOOK_SECRET,
      scopes: ["repo", "read:org"],
      settings: { apiBaseUrl: "http://127.0.0.1:9999" },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      key: "github-main",
      provider: "github",
      providerName: "GitHub",
      clientId: "Iv1.abc",
      hasClientSecret: true,
      hasWebhookSecret: true,
      scopes: ["repo", "read:org"],
      settings: { apiBaseUrl: "http://127.0.0.1:9999" },
      webhookUrl: `${app.url}/webhooks/${publicId}/github-main`,
    });
    expect(new Date(response.body.createdAt).getTime()).not.toBeNaN();
    expect(response.text).not.toContain(CLIENT_SECRET);
    expect(response.text).not.toContain(WEBHOOK_SECRET);
    const row = await db().integration.findFirstOrThrow({ where: { key: "github-main" } });
    expect(row.clientSecretEnc).not.toContain(CLIENT_SECRET);
    expect(decrypt(row.clientSecretEnc!)).toBe(CLIENT_SECRET);
    expect(decrypt(row.webhookSecretEnc!)).toBe(WEBHOOK_SECRET);
  });

  it("lists and gets integrations without secrets", async () => {
    await api.post("/api/v1/integrations", { key: "shop", provider: "shopify" });
    const list = await api.get<{ data: Integration[] }>("/api/v1/integrations");
    expect(list.status).toBe(200);
    expect(list.body.data.map((i) => i.key)).toEqual(["github-main", "shop"]);
    expect(list.body.data[1]).toMatchObject({ hasClientSecret: false, hasWebhookSecret: false, clientId: null, scopes: [], settings: {} });
    expect(list.text).not.toContain(CLIENT_SECRET);
    const one = await api.get<Integration>("/api/v1/integrations/github-main");
    expect(one.status).toBe(200);
    expect(one.body.key).toBe("github-main");
    expect(one.text).not.toContain(WEBHOOK_SECRET);
  });

  it("answers 409 for a duplicate key and keeps the original", async () => {
    const response = await api.post<ErrorBody>("/api/v1/integrations", { key: "github-main", provider: "stripe", clientSecret: "other" });
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({ code: "conflict", message: expect.stringContaining("github-main") as string });
    const stored = await api.get<Integration>("/api/v1/integrations/github-main");
    expect(stored.body.provider).toBe("github");
    expect(await db().integration.count()).toBe(2);
  });

  it("rejects invalid input with 422 naming the field, and writes nothing", async () => {
    const cases: Array<[unknown, string]> = [
      [{ key: "UPPER", provider: "github" }, "key: must be lowercase letters, digits and dashes"],
      [{ key: "x".repeat(65), provider: "github" }, "key: must be at most 64 characters"],
      [{ key: "", provider: "github" }, "key: must not be empty"],
      [{ key: "fine", provider: "myspace" }, "provider: must be one of"],
      [{ provider: "github" }, "key: "],
      [{ key: "fine", provider: "github", settings: { apiBaseUrl: "ftp://x" } }, "settings.apiBaseUrl: must be an absolute http(s) URL"],
      [{ key: "fine", provider: "github", settings: [] }, "settings: "],
      [
        { key: "fine", provider: "custom", settings: { signature: { header: "x-sig", algorithm: "md5" } } },
        "settings.signature.algorithm: ",
      ],
      [{ key: "fine", provider: "custom", settings: { attribution: [{ key: "team" }] } }, "settings.attribution.0: "],
      [{ key: "fine", provider: "github", clientSecret: 42 }, "clientSecret: "],
    ];
    for (const [body, message] of cases) {
      const response = await api.post<ErrorBody>("/api/v1/integrations", body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.error.code).toBe("unprocessable");
      expect(response.body.error.message).toContain(message);
    }
    expect((await api.get("/api/v1/integrations/fine")).status).toBe(404);
    expect(await db().integration.count()).toBe(2);
  });

  it("creates a custom integration with typed settings, defaults filled in", async () => {
    const settings = {
      authMode: "apiKey",
      apiBaseUrl: "https://api.example.com",
      signature: {
        header: "X-Signature",
        prefix: "sha256=",
        signedContent: "{timestamp}.{body}",
        timestampHeader: "x-timestamp",
        toleranceSec: 300,
      },
      eventTypePath: "type",
      attribution: [
        { key: "accountId", path: "account.id" },
        { key: "tenant", header: "x-tenant" },
      ],
      idempotencyHeader: "x-delivery-id",
      challenge: { path: "challenge", respondWith: "text" },
      maxBodyBytes: 2 * 1024 * 1024,
      somethingNew: true,
    };
    const response = await api.post<Integration>("/api/v1/integrations", { key: "acme", provider: "custom", settings });
    expect(response.status).toBe(201);
    // Stored as the custom adapter reads it: defaults filled in, header names lowercased.
    expect(response.body.settings).toMatchObject({
      ...settings,
      signature: { ...settings.signature, header: "x-signature", algorithm: "sha256", encoding: "hex" },
    });
  });

  it("patches fields, clears secrets with null and replaces settings", async () => {
    const response = await api.patch<Integration>("/api/v1/integrations/github-main", {
      clientSecret: null,
      webhookSecret: "whsec_rotated_789",
      scopes: ["repo"],
      settings: {},
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      hasClientSecret: false,
      hasWebhookSecret: true,
      clientId: "Iv1.abc",
      scopes: ["repo"],
      settings: {},
    });
    expect(response.text).not.toContain("whsec_rotated_789");
    const row = await db().integration.findFirstOrThrow({ where: { key: "github-main" } });
    expect(row.clientSecretEnc).toBeNull();
    expect(decrypt(row.webhookSecretEnc!)).toBe("whsec_rotated_789");
  });

  it("validates patched settings against the stored provider and writes nothing when they fail", async () => {
    const response = await api.patch<ErrorBody>("/api/v1/integrations/acme", { scopes: ["a"], settings: { authMode: "oauth2" } });
    expect(response.status).toBe(422);
    expect(response.body.error.message).toMatch(/^settings\.authorizationUrl: /);
    const stored = await api.get<Integration>("/api/v1/integrations/acme");
    expect(stored.body.scopes).toEqual([]);
    expect(stored.body.settings.authMode).toBe("apiKey");
    const immutable = await api.patch<ErrorBody>("/api/v1/integrations/acme", { provider: "github" });
    expect(immutable.status).toBe(422);
    expect(immutable.body.error.message).toBe("provider: unknown field");
  });

  it("answers 404 for unknown keys", async () => {
    expect((await api.get("/api/v1/integrations/missing")).status).toBe(404);
    expect((await api.patch("/api/v1/integrations/missing", { scopes: [] })).status).toBe(404);
    expect((await api.delete("/api/v1/integrations/missing")).status).toBe(404);
  });

  it("hides integrations from another account's key", async () => {
    const read = await other.get<ErrorBody>("/api/v1/integrations/github-main");
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe("not_found");
    expect((await other.get<{ data: unknown[] }>("/api/v1/integrations")).body.data).toEqual([]);
    expect((await other.patch("/api/v1/integrations/github-main", { clientId: "stolen" })).status).toBe(404);
    expect((await other.delete("/api/v1/integrations/github-main")).status).toBe(404);
    expect((await api.get<Integration>("/api/v1/integrations/github-main")).body.clientId).toBe("Iv1.abc");
    // The same key is free in another environment.
    expect((await other.post("/api/v1/integrations", { key: "github-main", provider: "github" })).status).toBe(201);
  });

  it("deletes an integration with 204 and an empty body", async () => {
    const response = await api.delete("/api/v1/integrations/shop");
    expect(response.status).toBe(204);
    expect(response.text).toBe("");
    expect((await api.get("/api/v1/integrations/shop")).status).toBe(404);
  });
});
