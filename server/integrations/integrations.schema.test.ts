import { describe, expect, it } from "vitest";
import {
  createIntegrationInputSchema,
  describeZodError,
  integrationKeySchema,
  updateIntegrationInputSchema,
  validateIntegrationSettings,
} from "./integrations.schema";

function messageOf(schema: { safeParse(value: unknown): { success: boolean; error?: unknown } }, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : describeZodError(result.error as Parameters<typeof describeZodError>[0]);
}

describe("integration keys", () => {
  it.each(["hubspot", "github-2", "a", "0", "x".repeat(64), "my-app-prod"])("accepts %j", (key) => {
    expect(integrationKeySchema.safeParse(key).success).toBe(true);
  });

  it.each([
    ["", "must not be empty"],
    ["x".repeat(65), "must be at most 64 characters"],
    ["HubSpot", "must be lowercase letters, digits and dashes"],
    ["hub_spot", "must be lowercase letters, digits and dashes"],
    ["hub spot", "must be lowercase letters, digits and dashes"],
    ["hub/spot", "must be lowercase letters, digits and dashes"],
    ["héllo", "must be lowercase letters, digits and dashes"],
  ])("rejects %j: %s", (key, message) => {
    expect(messageOf(integrationKeySchema, key)).toBe(message);
  });
});

describe("create input", () => {
  it("names the failing field", () => {
    expect(messageOf(createIntegrationInputSchema, { key: "Bad", provider: "github" })).toBe(
      "key: must be lowercase letters, digits and dashes",
    );
    expect(messageOf(createIntegrationInputSchema, { key: "ok", provider: "nope" })).toMatch(/^provider: must be one of: hubspot, /);
    expect(messageOf(createIntegrationInputSchema, { key: "ok", provider: "github", extra: 1 })).toBe("extra: unknown field");
    expect(messageOf(createIntegrationInputSchema, { key: "ok", provider: "github", clientSecret: "" })).toBe(
      "clientSecret: must not be empty",
    );
  });

  it("checks settings against the provider", () => {
    expect(messageOf(createIntegrationInputSchema, { key: "ok", provider: "github", settings: { maxBodyBytes: 10 } })).toBe(
      "settings.maxBodyBytes: must be at least 1024",
    );
    expect(messageOf(createIntegrationInputSchema, { key: "ok", provider: "custom", settings: { authMode: "magic" } })).toMatch(
      /^settings\.authMode: /,
    );
    // Unknown settings are kept for every provider: the shape is permissive.
    expect(createIntegrationInputSchema.parse({ key: "ok", provider: "github", settings: { anything: 1 } }).settings).toEqual({
      anything: 1,
    });
  });

  it("patches allow null to clear and forbid changing key or provider", () => {
    expect(updateIntegrationInputSchema.parse({ clientSecret: null, webhookSecret: null, clientId: null })).toEqual({
      clientSecret: null,
      webhookSecret: null,
      clientId: null,
    });
    expect(messageOf(updateIntegrationInputSchema, { key: "other" })).toBe("key: unknown field");
  });
});

describe("custom provider settings", () => {
  // The custom adapter's own schema (server/providers/custom.schema.ts) decides; these
  // check that the API applies it, with the field named, on top of the common overrides.
  const valid = {
    authMode: "oauth2",
    authorizationUrl: "https://auth.example.com/authorize",
    tokenUrl: "https://auth.example.com/token",
    scopes: ["read", "write"],
    scopeSeparator: " ",
    authorizationParams: { prompt: "consent" },
    apiBaseUrl: "https://api.example.com/v2",
    maxBodyBytes: 4096,
    signature: {
      header: "x-hub-signature",
      algorithm: "sha1",
      encoding: "base64",
      prefix: "sha1=",
      signedContent: "{timestamp}.{body}",
      timestampHeader: "x-timestamp",
    },
    eventTypePath: "event.type",
    attribution: [
      { key: "workspace", path: "workspace.id" },
      { key: "tenant", header: "x-tenant-id" },
    ],
    idempotencyPath: "id",
    challenge: { path: "challenge", respondWith: "text" },
  };

  it("accepts the documented shape", () => {
    expect(validateIntegrationSettings("custom", valid)).toEqual({ ok: true, settings: valid });
  });

  it("keeps the adapter's normalisation: defaults filled in, header names lowercased", () => {
    const result = validateIntegrationSettings("custom", { signature: { header: "X-Sig" } });
    expect(result.ok && result.settings).toMatchObject({
      authMode: "none",
      signature: { header: "x-sig", algorithm: "sha256", encoding: "hex", signedContent: "body" },
    });
  });

  it.each([
    [{ signature: {} }, "settings.signature.header: "],
    [{ signature: { header: "x", algorithm: "md5" } }, "settings.signature.algorithm: "],
    [{ signature: { header: "x", encoding: "base32" } }, "settings.signature.encoding: "],
    [{ signature: { header: "x", signedContent: "{timestamp}.{body}" } }, "settings.signature.timestampHeader: "],
    [{ signature: { header: "x", toleranceSec: 0 } }, "settings.signature.toleranceSec: "],
    [{ attribution: [{ key: "a", path: "a" }, { key: "b" }] }, "settings.attribution.1: "],
    [{ attribution: { key: "a", path: "a" } }, "settings.attribution: "],
    [{ challenge: { path: "c", respondWith: "xml" } }, "settings.challenge.respondWith: "],
    [{ authMode: "oauth2", tokenUrl: "https://x.example.com/token" }, "settings.authorizationUrl: "],
    [{ authMode: "magic" }, "settings.authMode: "],
    [{ apiBaseUrl: "javascript:alert(1)" }, "settings.apiBaseUrl: must be an absolute http(s) URL"],
    [{ maxBodyBytes: 10 }, "settings.maxBodyBytes: must be at least 1024"],
  ])("rejects %j", (settings, message) => {
    const result = validateIntegrationSettings("custom", settings);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });

  it("applies only the common overrides to built-in providers", () => {
    expect(validateIntegrationSettings("hubspot", { signature: "whatever", apiBaseUrl: "http://127.0.0.1:8080" }).ok).toBe(true);
    expect(validateIntegrationSettings("hubspot", { tokenUrl: "not a url" })).toEqual({
      ok: false,
      message: "settings.tokenUrl: must be an absolute http(s) URL",
    });
  });
});
