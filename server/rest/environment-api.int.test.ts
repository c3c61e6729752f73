import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { db } from "../lib/db";
import { revealSigningSecret } from "../environments/environments.service";
import type { EnvironmentSettings } from "../environments/environments.schema";
import type { ErrorBody } from "./errors";
import { accountWithClient, type ApiClient } from "./test-client";

let app: TestApp;
let api: ApiClient;
let environmentId: string;
let signingSecret: string;
let secretKey: string;

beforeAll(async () => {
  app = await startTestApp();
  const account = await accountWithClient(app.url, "environment@example.com");
  api = account.api;
  environmentId = account.environment.id;
  signingSecret = account.keys.forwardSigningSecret;
  secretKey = account.keys.secretKey;
});
afterAll(async () => {
  await app.stop();
});

describe("environment API", () => {
  it("shows the environment of the key, without any secret", async () => {
    const response = await api.get<EnvironmentSettings>("/api/v1/environment");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      name: "dev",
      publicId: expect.stringMatching(/^dev_/) as string,
      forwardUrl: null,
      allowPrivateForwardUrls: true,
      unattributedPolicy: "forward",
      forwardTimeoutMs: 10000,
    });
    expect(response.text).not.toContain(signingSecret);
    expect(response.text).not.toContain(secretKey);
  });

  it("updates forwarding settings", async () => {
    const response = await api.patch<EnvironmentSettings>("/api/v1/environment", {
      forwardUrl: "https://app.example.com/hooks",
      unattributedPolicy: "drop",
      forwardTimeoutMs: 5000,
      allowPrivateForwardUrls: false,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      forwardUrl: "https://app.example.com/hooks",
      unattributedPolicy: "drop",
      forwardTimeoutMs: 5000,
      allowPrivateForwardUrls: false,
    });
    expect(response.body).not.toHaveProperty("forwardSigningSecret");
    expect((await api.patch<EnvironmentSettings>("/api/v1/environment", { forwardUrl: null })).body.forwardUrl).toBeNull();
  });

  it("rejects invalid settings with 422 naming the field, and writes nothing", async () => {
    const before = await db().environment.findUniqueOrThrow({ where: { id: environmentId } });
    const cases: Array<[unknown, string]> = [
      [{ forwardUrl: "ftp://example.com" }, "forwardUrl: must be an absolute http(s) URL"],
      [{ forwardUrl: "https://user:pw@example.com" }, "forwardUrl: must not contain credentials"],
      // Not a URL at all: one message, not a crash in the credentials check.
      [{ forwardUrl: "http://exa mple.com" }, "forwardUrl: must be an absolute http(s) URL"],
      [
        { forwardUrl: "https://api.example.com/\u0000" },
        "forwardUrl: must not contain the NUL character (\\u0000) or half of a surrogate pair",
      ],
      [{ unattributedPolicy: "keep" }, 'unattributedPolicy: must be "forward" or "drop"'],
      [{ forwardTimeoutMs: 10 }, "forwardTimeoutMs: must be at least 1000"],
      [{ forwardTimeoutMs: 1.5 }, "forwardTimeoutMs: must be a whole number"],
      [{ rotateSigningSecret: false }, "rotateSigningSecret: must be true when given"],
      [{ unattributedPolicy: "drop", name: "prod" }, "name: unknown field"],
    ];
    for (const [body, message] of cases) {
      const response = await api.patch<ErrorBody>("/api/v1/environment", body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.error.message).toBe(message);
    }
    const after = await db().environment.findUniqueOrThrow({ where: { id: environmentId } });
    expect(after).toEqual(before);
  });

  it("rotates the signing secret and shows the new one only in that response", async () => {
    const response = await api.patch<EnvironmentSettings>("/api/v1/environment", { rotateSigningSecret: true });
    expect(response.status).toBe(200);
    const rotated = response.body.forwardSigningSecret!;
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(signingSecret);
    const stored = await db().environment.findUniqueOrThrow({ where: { id: environmentId } });
    expect(revealSigningSecret(stored)).toBe(rotated);
    const again = await api.get("/api/v1/environment");
    expect(again.text).not.toContain(rotated);
  });
});
