import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { accountWithClient, type ApiClient } from "../rest/test-client";
import { db } from "../lib/db";
import { startProviderStandIn, type ProviderStandIn, type RecordedRequest } from "./test/provider-standin";

// Deleting a connection revokes its grant the way each built-in provider does it, against
// a local stand-in for the provider's OAuth host and API (both pointed at through the
// integration's tokenUrl and apiBaseUrl overrides).

let app: TestApp;
let api: ApiClient;
let standIn: ProviderStandIn;

beforeAll(async () => {
  app = await startTestApp();
  standIn = await startProviderStandIn();
  api = (await accountWithClient(app.url, "revoke@example.com")).api;
});
afterAll(async () => {
  await standIn.close();
  await app.stop();
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** Connects an imported connection of `provider`, deletes it, and returns what reached the stand-in meanwhile. */
async function deleteConnection(
  provider: string,
  client: { clientId: string; clientSecret: string },
  credentials: Record<string, unknown>,
): Promise<RecordedRequest[]> {
  const key = `${provider}-revoke`;
  const created = await api.post("/api/v1/integrations", {
    key,
    provider,
    ...client,
    webhookSecret: "whsec-test",
    settings: { apiBaseUrl: `${standIn.url}/api`, tokenUrl: `${standIn.url}/oauth/token` },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await api.post("/api/v1/connections", { integrationKey: key, connectionId: "c1", credentials })).status).toBe(201);
  const before = standIn.requests.length;
  expect((await api.delete(`/api/v1/connections/${key}/c1`)).status).toBe(204);
  return standIn.requests.slice(before);
}

async function lastRevocationMessage(): Promise<string> {
  const message = await db().logMessage.findFirstOrThrow({
    where: { message: { startsWith: "Token revocation" } },
    orderBy: { createdAt: "desc" },
  });
  return message.message;
}

describe("revocation on delete, per provider", () => {
  it("Slack: auth.revoke with the token itself; ok: false counts as refused", async () => {
    standIn.route("POST /api/auth.revoke", (request) =>
      request.headers.authorization === "Bearer xoxb-good"
        ? { status: 200, body: { ok: true, revoked: true } }
        : { status: 200, body: { ok: false, error: "invalid_auth" } },
    );
    const [call] = await deleteConnection("slack", { clientId: "s-id", clientSecret: "s-secret" }, { accessToken: "xoxb-good" });
    expect(call).toMatchObject({ method: "POST", path: "/api/auth.revoke" });
    expect(await lastRevocationMessage()).toBe("Token revocation: done");

    expect((await api.delete("/api/v1/integrations/slack-revoke")).status).toBe(204);
    await deleteConnection("slack", { clientId: "s-id", clientSecret: "s-secret" }, { accessToken: "xoxb-revoked" });
    expect(await lastRevocationMessage()).toBe("Token revocation: failed (200)");
  });

  it("GitHub: DELETE /applications/{client_id}/token with the token in the body, the app in Basic", async () => {
    standIn.route("DELETE /api/applications/Iv1.app/token", () => ({ status: 204 }));
    const [call] = await deleteConnection("github", { clientId: "Iv1.app", clientSecret: "gh-secret" }, { accessToken: "ghu_token" });
    expect(call).toMatchObject({ method: "DELETE", path: "/api/applications/Iv1.app/token", json: { access_token: "ghu_token" } });
    expect(call!.headers.authorization).toBe(basic("Iv1.app", "gh-secret"));
    expect(await lastRevocationMessage()).toBe("Token revocation: done");
  });

  it("HubSpot: DELETE the refresh token", async () => {
    standIn.route("DELETE /api/oauth/v1/refresh-tokens/rt-hub", () => ({ status: 204 }));
    const calls = await deleteConnection(
      "hubspot",
      { clientId: "h-id", clientSecret: "h-secret" },
      { accessToken: "at", refreshToken: "rt-hub" },
    );
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["DELETE /api/oauth/v1/refresh-tokens/rt-hub"]);
    expect(await lastRevocationMessage()).toBe("Token revocation: done");
    // The token is in HubSpot's path: the log keeps the origin only.
    const message = await db().logMessage.findFirstOrThrow({
      where: { message: "Token revocation: done" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.stringify(message.data)).not.toContain("rt-hub");
  });

  it("Zoom: POST /oauth/revoke on the OAuth host, the token in the query, the app in Basic", async () => {
    const calls = await deleteConnection(
      "zoom",
      { clientId: "z-id", clientSecret: "z-secret" },
      { accessToken: "zat", refreshToken: "zrt" },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "POST", path: "/oauth/revoke" });
    expect(calls[0]!.query.get("token")).toBe("zrt");
    expect(calls[0]!.headers.authorization).toBe(basic("z-id", "z-secret"));
  });

  it("Linear: POST /oauth/revoke authenticated with the access token", async () => {
    const calls = await deleteConnection("linear", { clientId: "l-id", clientSecret: "l-secret" }, { accessToken: "lin_at" });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "POST", path: "/oauth/revoke" });
    expect(calls[0]!.headers.authorization).toBe("Bearer lin_at");
  });

  it("Calendly: RFC 7009 with the refresh token and the client in the form", async () => {
    const calls = await deleteConnection(
      "calendly",
      { clientId: "c-id", clientSecret: "c-secret" },
      { accessToken: "cat", refreshToken: "crt" },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "POST", path: "/oauth/revoke" });
    expect(Object.fromEntries(new URLSearchParams(calls[0]!.body))).toEqual({ client_id: "c-id", client_secret: "c-secret", token: "crt" });
  });

  it("Stripe: deauthorize the connected account with the platform's secret key", async () => {
    const calls = await deleteConnection(
      "stripe",
      { clientId: "ca_platform", clientSecret: "sk_test_platform" },
      { accessToken: "sk_connected", raw: { stripe_user_id: "acct_123" } },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "POST", path: "/oauth/deauthorize" });
    expect(calls[0]!.headers.authorization).toBe(basic("sk_test_platform", ""));
    expect(Object.fromEntries(new URLSearchParams(calls[0]!.body))).toEqual({ client_id: "ca_platform", stripe_user_id: "acct_123" });
  });

  it("Shopify: uninstalls the app from the shop with its access token", async () => {
    standIn.route("DELETE /api/admin/api_permissions/current.json", () => ({ status: 200, body: {} }));
    const calls = await deleteConnection(
      "shopify",
      { clientId: "shop-id", clientSecret: "shop-secret" },
      { accessToken: "shpat_1", connectionConfig: { shop: "acme" } },
    );
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["DELETE /api/admin/api_permissions/current.json"]);
    expect(calls[0]!.headers["x-shopify-access-token"]).toBe("shpat_1");
    expect(await lastRevocationMessage()).toBe("Token revocation: done");
  });

  it("Microsoft Graph has no revocation: nothing is called", async () => {
    const calls = await deleteConnection(
      "microsoft-graph",
      { clientId: "m-id", clientSecret: "m-secret" },
      { accessToken: "mat", refreshToken: "mrt" },
    );
    expect(calls).toEqual([]);
  });
});
