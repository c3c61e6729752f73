import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { accountWithClient, type ApiClient } from "../rest/test-client";
import { db, pool } from "../lib/db";
import { decryptJson } from "../lib/crypto";
import type { StoredCredentials } from "./credentials";
import { refreshConnectionToken } from "./token-refresh";

// Refresh under concurrency, against a local token endpoint that answers only when the test
// lets it: two refreshes of one connection spend its refresh token once, and while the
// provider is slow the connection row stays free for everything else.

let app: TestApp;
let api: ApiClient;
let tokenServer: Server;
let tokenUrl: string;
let tokenCalls = 0;
let release: () => void = () => {};
let gate: Promise<void> = Promise.resolve();

beforeAll(async () => {
  app = await startTestApp();
  api = (await accountWithClient(app.url, "refresh@example.com")).api;
  tokenServer = createServer((req, res) => {
    tokenCalls++;
    const n = tokenCalls;
    req.resume();
    req.on("end", () => {
      void gate.then(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ access_token: `at-${n}`, refresh_token: `rt-${n}`, expires_in: 3600, token_type: "Bearer" }));
      });
    });
  });
  await new Promise<void>((resolve) => tokenServer.listen(0, "127.0.0.1", () => resolve()));
  const address = tokenServer.address();
  tokenUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/token`;
  const created = await api.post("/api/v1/integrations", {
    key: "slow",
    provider: "custom",
    clientId: "c",
    clientSecret: "s",
    settings: { authMode: "oauth2", authorizationUrl: `${tokenUrl}/authorize`, tokenUrl, apiBaseUrl: tokenUrl, unsigned: true },
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  tokenServer.closeAllConnections();
  await new Promise<void>((resolve) => tokenServer.close(() => resolve()));
  await app.stop();
});

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("token refresh under concurrency", () => {
  it("spends the refresh token once when two refreshes race, without locking the connection row meanwhile", async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const imported = await api.post("/api/v1/connections", {
      integrationKey: "slow",
      connectionId: "racing",
      credentials: { type: "oauth2", accessToken: "at-0", refreshToken: "rt-0", expiresAt },
    });
    expect(imported.status).toBe(201);
    const row = await db().connection.findFirstOrThrow({ where: { connectionId: "racing" } });

    gate = new Promise((resolve) => (release = resolve));
    const first = refreshConnectionToken(row.id);
    const second = refreshConnectionToken(row.id);
    await waitFor(() => tokenCalls === 1, "the token request");

    // The provider has not answered yet: other writes to the connection do not wait for it.
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL lock_timeout = '2s'");
      const started = Date.now();
      await client.query(`UPDATE connections SET metadata = '{"plan":"pro"}'::jsonb WHERE id = $1`, [row.id]);
      await client.query("COMMIT");
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      client.release();
    }
    expect(tokenCalls).toBe(1);

    release();
    const outcomes = await Promise.all([first, second]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fresh", "refreshed"]);
    expect(tokenCalls).toBe(1);
    const after = await db().connection.findUniqueOrThrow({ where: { id: row.id } });
    expect(decryptJson<StoredCredentials>(after.credentialsEnc!)).toMatchObject({ accessToken: "at-1", refreshToken: "rt-1" });
    // The refresh wrote its columns only: the metadata written meanwhile stays.
    expect(after.metadata).toEqual({ plan: "pro" });
    expect(after.status).toBe("ok");
  });
});
