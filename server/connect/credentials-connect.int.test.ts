import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { accountWithClient, type ApiClient } from "../rest/test-client";
import { db } from "../lib/db";
import { decryptJson } from "../lib/crypto";
import { startProviderStandIn, type ProviderStandIn } from "./test/provider-standin";

// API key connections from the hosted page's form: the key is checked with the
// provider's test request (with its header and prefix) before anything is stored.

let app: TestApp;
let api: ApiClient;
let standIn: ProviderStandIn;

beforeAll(async () => {
  app = await startTestApp();
  standIn = await startProviderStandIn();
  api = (await accountWithClient(app.url, "keys@example.com")).api;
  const created = await api.post("/api/v1/integrations", {
    key: "keyed",
    provider: "custom",
    settings: {
      authMode: "apiKey",
      unsigned: true,
      apiBaseUrl: standIn.url,
      apiKey: { label: "Workspace API token", header: "x-api-token" },
      testEndpoint: "/v1/whoami",
    },
  });
  expect(created.status).toBe(201);
  standIn.route("GET /v1/whoami", (request) =>
    request.headers["x-api-token"] === "good-key" ? { status: 200, body: { id: "me" } } : { status: 401, body: { error: "bad key" } },
  );
});
afterAll(async () => {
  await standIn.close();
  await app.stop();
});

async function session(): Promise<string> {
  const response = await api.post<{ token: string }>("/api/v1/connect/sessions", { endUser: { id: "key-user" } });
  return response.body.token;
}

function submit(token: string, apiKey: string) {
  return fetch(`${app.url}/oauth/credentials`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ session: token, integration: "keyed", apiKey }),
  });
}

describe("API key connect", () => {
  it("shows the provider's field label, refuses a wrong key clearly, then connects with the right one", async () => {
    const token = await session();
    const page = (await (await fetch(`${app.url}/oauth/session?session=${token}`)).json()) as { integrations: unknown[] };
    expect(page.integrations).toEqual([expect.objectContaining({ key: "keyed", authMode: "apiKey", apiKeyLabel: "Workspace API token" })]);

    const wrong = await submit(token, "bad-key");
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/did not accept/);
    expect(await db().connection.count()).toBe(0);

    const right = await submit(token, "good-key");
    expect(right.status).toBe(201);
    const { connectionId } = (await right.json()) as { connectionId: string };
    const row = await db().connection.findFirstOrThrow({ where: { connectionId } });
    expect(decryptJson(row.credentialsEnc!)).toMatchObject({ type: "apiKey", apiKey: "good-key" });
    expect(row.credentialsEnc).not.toContain("good-key");

    // Single use: the session is spent.
    expect((await submit(token, "good-key")).status).toBe(409);
  });
});
