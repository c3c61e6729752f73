import { createHmac } from "node:crypto";
import { OAuth2Server } from "oauth2-mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { startReceiver, type Receiver } from "../test/receiver";
import { accountWithClient, apiClient, type ApiClient } from "../rest/test-client";
import { createAccount, environmentKeys } from "../auth/accounts.service";
import { updateEnvironment } from "../environments/environments.service";
import { db } from "../lib/db";
import { decryptJson, encrypt, sha256Hex } from "../lib/crypto";
import type { Environment } from "../lib/generated/prisma/client";
import { proxyRequest } from "../proxy/proxy.service";
import { startProviderStandIn, type ProviderStandIn } from "./test/provider-standin";
import { refreshConnectionToken, refreshExpiringTokens } from "./token-refresh";
import { deleteExpiredConnectSessions } from "./connect.service";
import type { StoredCredentials } from "./credentials";

// The connect flow against a real local OAuth 2 server (oauth2-mock-server, which checks
// PKCE and issues refresh tokens), configured as a custom OAuth 2 integration.

let app: TestApp;
let api: ApiClient;
let environment: Environment;
let oauth: OAuth2Server;
let receiver: Receiver;
let standIn: ProviderStandIn;

beforeAll(async () => {
  app = await startTestApp({ worker: true });
  oauth = new OAuth2Server();
  await oauth.issuer.keys.generate("RS256");
  await oauth.start(0, "127.0.0.1");
  standIn = await startProviderStandIn();
  const account = await accountWithClient(app.url, "connect@example.com");
  api = account.api;
  receiver = await startReceiver(environmentKeys(account.environment).forwardSigningSecret);
  environment = await updateEnvironment(account.environment.id, { forwardUrl: receiver.url });
  const issuer = oauth.issuer.url!;
  const created = await api.post("/api/v1/integrations", {
    key: "mock",
    provider: "custom",
    clientId: "client-1",
    clientSecret: "secret-1",
    scopes: ["read", "write"],
    settings: {
      authMode: "oauth2",
      authorizationUrl: `${issuer}/authorize`,
      tokenUrl: `${issuer}/token`,
      revocationUrl: `${issuer}/revoke`,
      apiBaseUrl: standIn.url,
      unsigned: true,
      tokenAttribution: [{ key: "accountId", path: "account_id" }],
    },
  });
  expect(created.status).toBe(201);
  // The token endpoint names the account, as many providers' token responses do.
  oauth.service.on("beforeResponse", (response: { body: Record<string, unknown>; statusCode: number }) => {
    if (response.statusCode === 200 && typeof response.body === "object") response.body.account_id = `acct-${nextAccount}`;
  });
});
afterAll(async () => {
  await standIn.close();
  await receiver.close();
  await oauth.stop();
  await app.stop();
});

let nextAccount = 1;

async function createSession(endUserId = "user-1", allowed?: string[]): Promise<{ token: string; connectUrl: string }> {
  const response = await api.post<{ token: string; connectUrl: string; expiresAt: string }>("/api/v1/connect/sessions", {
    endUser: { id: endUserId, email: `${endUserId}@example.com` },
    ...(allowed ? { allowedIntegrations: allowed } : {}),
  });
  expect(response.status).toBe(201);
  return response.body;
}

/** The browser's part: our authorize redirect → the OAuth server (consents at once) → our callback. */
async function authorize(token: string, integration = "mock"): Promise<{ providerUrl: URL; callbackUrl: URL }> {
  const start = await fetch(`${app.url}/oauth/authorize?session=${encodeURIComponent(token)}&integration=${integration}`, {
    redirect: "manual",
  });
  expect(start.status).toBe(302);
  const providerUrl = new URL(start.headers.get("location")!);
  const consent = await fetch(providerUrl, { redirect: "manual" });
  expect(consent.status).toBe(302);
  return { providerUrl, callbackUrl: new URL(consent.headers.get("location")!) };
}

async function callback(url: URL): Promise<{ status: number; html: string }> {
  const response = await fetch(url);
  return { status: response.status, html: await response.text() };
}

async function waitForNotice(match: (notice: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = receiver.received.map((r) => r.json as Record<string, unknown>).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error("no matching auth notice arrived");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function credentialsOf(connectionId: string): Promise<StoredCredentials> {
  const row = await db().connection.findFirstOrThrow({ where: { connectionId } });
  return decryptJson<StoredCredentials>(row.credentialsEnc!);
}

describe("connect sessions", () => {
  it("are created with a hashed token, a 30 minute lifetime and the page URL", async () => {
    const before = Date.now();
    const response = await api.post<{ token: string; connectUrl: string; expiresAt: string }>("/api/v1/connect/sessions", {
      endUser: { id: "u-x", displayName: "X" },
      allowedIntegrations: ["mock"],
    });
    expect(response.status).toBe(201);
    expect(response.body.connectUrl).toBe(`${app.url}/connect?session=${response.body.token}`);
    const expires = new Date(response.body.expiresAt).getTime();
    expect(expires - before).toBeGreaterThan(29 * 60_000);
    expect(expires - before).toBeLessThanOrEqual(30 * 60_000 + 1000);
    const row = await db().connectSession.findUniqueOrThrow({ where: { tokenHash: sha256Hex(response.body.token) } });
    expect(JSON.stringify(row)).not.toContain(response.body.token);
    const page = await fetch(`${app.url}/oauth/session?session=${response.body.token}`);
    expect(await page.json()).toMatchObject({
      endUser: { id: "u-x" },
      integrations: [{ key: "mock", authMode: "oauth2", providerName: "Custom API" }],
    });
  });

  it("refuse unknown integrations", async () => {
    const response = await api.post("/api/v1/connect/sessions", { endUser: { id: "u" }, allowedIntegrations: ["nope"] });
    expect(response.status).toBe(422);
  });
});

describe("OAuth 2 connect", () => {
  it("session → authorize (state + PKCE S256) → consent → callback → connection with tokens, attribution and an auth notice", async () => {
    nextAccount = 1;
    const { token } = await createSession("user-1");
    const { providerUrl, callbackUrl } = await authorize(token);
    expect(providerUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(providerUrl.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(providerUrl.searchParams.get("client_id")).toBe("client-1");
    expect(providerUrl.searchParams.get("scope")).toBe("read write");
    expect(providerUrl.searchParams.get("redirect_uri")).toBe(`${app.url}/oauth/callback`);
    const state = providerUrl.searchParams.get("state")!;
    expect(await db().oAuthState.count({ where: { stateHash: sha256Hex(state) } })).toBe(1);

    const result = await callback(callbackUrl);
    expect(result.status).toBe(200);
    expect(result.html).toContain("switchboard:connected");
    const connection = await db().connection.findFirstOrThrow({
      where: { endUser: { path: ["id"], equals: "user-1" } },
      include: { attributions: true },
    });
    expect(connection.status).toBe("ok");
    expect(connection.attributions.map((a) => [a.key, a.value])).toEqual([["accountId", "acct-1"]]);
    expect(connection.tokenExpiresAt).not.toBeNull();
    const credentials = await credentialsOf(connection.connectionId);
    expect(credentials.accessToken).toMatch(/^ey/);
    expect(credentials.refreshToken).toBeTruthy();
    expect(credentials.raw).toMatchObject({ token_type: "Bearer", account_id: "acct-1" });

    const [notice] = await receiver.waitFor(1);
    expect(notice!.verified).toBe(true);
    expect(notice!.json).toEqual({
      type: "auth",
      operation: "creation",
      success: true,
      connectionId: connection.connectionId,
      endUser: { id: "user-1", email: "user-1@example.com" },
      integrationKey: "mock",
      provider: "custom",
    });
    const op = await db().logOperation.findFirstOrThrow({ where: { type: "connect", connectionId: connection.id } });
    expect(op.status).toBe("success");

    // The session is spent: it cannot connect a second account.
    const again = await fetch(`${app.url}/oauth/authorize?session=${encodeURIComponent(token)}&integration=mock`, { redirect: "manual" });
    expect(again.status).toBe(409);
  });

  it("rejects a replayed state", async () => {
    nextAccount = 2;
    const { token } = await createSession("user-2");
    const { callbackUrl } = await authorize(token);
    expect((await callback(callbackUrl)).status).toBe(200);
    const replay = await callback(callbackUrl);
    expect(replay.status).toBe(400);
    expect(replay.html).toContain("already completed");
    expect(await db().connection.count({ where: { endUser: { path: ["id"], equals: "user-2" } } })).toBe(1);
  });

  it("sends the PKCE verifier, which the OAuth server checks: a wrong one gets no token", async () => {
    nextAccount = 3;
    const { token } = await createSession("user-3");
    const { providerUrl, callbackUrl } = await authorize(token);
    await db().oAuthState.updateMany({
      where: { stateHash: sha256Hex(providerUrl.searchParams.get("state")!) },
      data: { codeVerifierEnc: encrypt("x".repeat(64)) },
    });
    const result = await callback(callbackUrl);
    expect(result.status).toBe(400);
    expect(result.html).toContain("did not issue a token");
    expect(await db().connection.count({ where: { endUser: { path: ["id"], equals: "user-3" } } })).toBe(0);
    const op = await db().logOperation.findFirstOrThrow({ where: { type: "connect", title: { contains: "user-3" } } });
    expect(op.status).toBe("failed");
  });

  it("reports denied consent clearly and lets the end user retry with the same session", async () => {
    nextAccount = 4;
    const { token } = await createSession("user-4");
    oauth.service.once("beforeAuthorizeRedirect", (redirect: { url: URL }) => {
      redirect.url.searchParams.delete("code");
      redirect.url.searchParams.set("error", "access_denied");
    });
    const denied = await callback((await authorize(token)).callbackUrl);
    expect(denied.status).toBe(400);
    expect(denied.html).toContain("Access was not granted");
    const retried = await callback((await authorize(token)).callbackUrl);
    expect(retried.status).toBe(200);
  });

  it("rejects an expired session", async () => {
    const { token } = await createSession("user-5");
    await db().connectSession.updateMany({ where: { tokenHash: sha256Hex(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const start = await fetch(`${app.url}/oauth/authorize?session=${encodeURIComponent(token)}&integration=mock`, { redirect: "manual" });
    expect(start.status).toBe(401);
    expect(await start.text()).toContain("expired");
    const page = await fetch(`${app.url}/oauth/session?session=${encodeURIComponent(token)}`);
    expect(page.status).toBe(401);
    // A day later housekeeping removes it, with its OAuth states.
    expect(await deleteExpiredConnectSessions(new Date(Date.now() + 25 * 3_600_000))).toBeGreaterThanOrEqual(1);
    expect(await db().connectSession.count({ where: { tokenHash: sha256Hex(token) } })).toBe(0);
  });

  it("refuses an integration the session does not allow", async () => {
    await api.post("/api/v1/integrations", { key: "other", provider: "hubspot", clientId: "c" });
    const { token } = await createSession("user-6", ["mock"]);
    const start = await fetch(`${app.url}/oauth/authorize?session=${encodeURIComponent(token)}&integration=other`, { redirect: "manual" });
    expect(start.status).toBe(404);
  });
});

describe("destination policy", () => {
  it("refuses to exchange the code at a token endpoint on a private address in prod, with a clear message", async () => {
    const { environments } = await createAccount({ email: "prod-connect@example.com", password: "correct horse battery" });
    const prod = environments.find((e) => e.name === "prod")!;
    expect(prod.allowPrivateForwardUrls).toBe(false);
    const prodApi = apiClient(app.url, environmentKeys(prod).secretKey);
    const port = new URL(oauth.issuer.url!).port;
    const created = await prodApi.post("/api/v1/integrations", {
      key: "local-oauth",
      provider: "custom",
      clientId: "client-1",
      clientSecret: "secret-1",
      settings: {
        authMode: "oauth2",
        authorizationUrl: `http://localhost:${port}/authorize`,
        tokenUrl: `http://localhost:${port}/token`,
        apiBaseUrl: `http://localhost:${port}`,
        unsigned: true,
      },
    });
    expect(created.status).toBe(201);
    const session = await prodApi.post<{ token: string }>("/api/v1/connect/sessions", { endUser: { id: "prod-user" } });
    let tokenRequests = 0;
    const listener = () => tokenRequests++;
    oauth.service.on("beforeResponse", listener);
    try {
      const result = await callback((await authorize(session.body.token, "local-oauth")).callbackUrl);
      expect(result.status).toBe(400);
      expect(result.html).toMatch(/not allowed: .*localhost resolves to the private address/);
      expect(tokenRequests).toBe(0);
    } finally {
      oauth.service.off("beforeResponse", listener);
    }
    expect(await db().connection.count({ where: { environmentId: prod.id } })).toBe(0);
  });
});

describe("post-connect attribution", () => {
  async function builtIn(key: string, provider: string) {
    const issuer = oauth.issuer.url!;
    const created = await api.post("/api/v1/integrations", {
      key,
      provider,
      clientId: `${key}-client`,
      clientSecret: `${key}-secret`,
      webhookSecret: "whsec-test",
      settings: { apiBaseUrl: `${standIn.url}/${key}`, authorizationUrl: `${issuer}/authorize`, tokenUrl: `${issuer}/token` },
    });
    expect(created.status).toBe(201);
  }

  async function attributionOf(endUserId: string) {
    const connection = await db().connection.findFirstOrThrow({
      where: { endUser: { path: ["id"], equals: endUserId } },
      include: { attributions: true },
    });
    return connection.attributions.map((a) => [a.key, a.value]);
  }

  it("GitHub: the installation_id of an app install, confirmed by the user's installations", async () => {
    await builtIn("gh", "github");
    standIn.route("GET /gh/user/installations", () => ({
      status: 200,
      body: { total_count: 2, installations: [{ id: 4101 }, { id: 4102 }] },
    }));

    const { token } = await createSession("user-gh", ["gh"]);
    oauth.service.once("beforeAuthorizeRedirect", (redirect: { url: URL }) => {
      redirect.url.searchParams.set("installation_id", "4102");
      redirect.url.searchParams.set("setup_action", "install");
    });
    expect((await callback((await authorize(token, "gh")).callbackUrl)).status).toBe(200);
    expect(await attributionOf("user-gh")).toEqual([["installationId", "4102"]]);
    const call = standIn.requests.findLast((r) => r.path === "/gh/user/installations")!;
    expect(call.headers.authorization).toMatch(/^Bearer ey/);

    // An installation_id edited into the callback that is not one of the user's is not taken.
    const second = await createSession("user-gh-edited", ["gh"]);
    oauth.service.once("beforeAuthorizeRedirect", (redirect: { url: URL }) => {
      redirect.url.searchParams.set("installation_id", "9999");
    });
    expect((await callback((await authorize(second.token, "gh")).callbackUrl)).status).toBe(200);
    expect(await attributionOf("user-gh-edited")).toEqual([]);
  });

  it("Linear: the organization id from one GraphQL query with the new token", async () => {
    await builtIn("lin", "linear");
    standIn.route("POST /lin/graphql", (request) =>
      (request.json as { query?: string }).query === "{ organization { id } }"
        ? { status: 200, body: { data: { organization: { id: "org-linear-1" } } } }
        : { status: 400, body: { errors: [{ message: "unexpected query" }] } },
    );
    const { token } = await createSession("user-lin", ["lin"]);
    expect((await callback((await authorize(token, "lin")).callbackUrl)).status).toBe(200);
    expect(await attributionOf("user-lin")).toEqual([["organizationId", "org-linear-1"]]);
    const call = standIn.requests.findLast((r) => r.path === "/lin/graphql")!;
    expect(call.headers.authorization).toMatch(/^Bearer ey/);
    expect(call.headers["content-type"]).toBe("application/json");
  });
});

describe("token endpoint client authentication", () => {
  it("sends the client id and secret as HTTP Basic when the integration asks for client_secret_basic, for the code and the refresh", async () => {
    const issuer = oauth.issuer.url!;
    const created = await api.post("/api/v1/integrations", {
      key: "mock-basic",
      provider: "custom",
      clientId: "client-b",
      clientSecret: "secret b/2",
      settings: {
        authMode: "oauth2",
        authorizationUrl: `${issuer}/authorize`,
        tokenUrl: `${issuer}/token`,
        tokenAuthMethod: "client_secret_basic",
        apiBaseUrl: standIn.url,
        unsigned: true,
      },
    });
    expect(created.status).toBe(201);
    const seen: Array<{ authorization?: string; body: Record<string, string> }> = [];
    const listener = (_response: unknown, req: { headers: Record<string, string>; body: Record<string, string> }) => {
      seen.push({ authorization: req.headers.authorization, body: { ...req.body } });
    };
    oauth.service.on("beforeResponse", listener);
    try {
      nextAccount = 30;
      const { token } = await createSession("user-basic", ["mock-basic"]);
      expect((await callback((await authorize(token, "mock-basic")).callbackUrl)).status).toBe(200);
      const connection = await db().connection.findFirstOrThrow({ where: { endUser: { path: ["id"], equals: "user-basic" } } });
      expect((await refreshConnectionToken(connection.id, { force: true })).status).toBe("refreshed");

      // RFC 6749 §2.3.1: both parts form-encoded, then Basic.
      const expected = `Basic ${Buffer.from("client-b:secret+b%2F2").toString("base64")}`;
      expect(seen.map((s) => s.body.grant_type)).toEqual(["authorization_code", "refresh_token"]);
      for (const request of seen) {
        expect(request.authorization).toBe(expected);
        expect(request.body.client_secret).toBeUndefined();
        expect(request.body.client_id).toBeUndefined();
      }
      // The OAuth server read the client from the Basic header: its id token is issued to that client.
      const idToken = (await credentialsOf(connection.connectionId)).raw!.id_token as string;
      expect(JSON.parse(Buffer.from(idToken.split(".")[1]!, "base64url").toString())).toMatchObject({ aud: "client-b" });
    } finally {
      oauth.service.off("beforeResponse", listener);
    }
  });

  it("sends them in the form body by default (client_secret_post)", async () => {
    const seen: Array<{ authorization?: string; body: Record<string, string> }> = [];
    const listener = (_response: unknown, req: { headers: Record<string, string>; body: Record<string, string> }) => {
      seen.push({ authorization: req.headers.authorization, body: { ...req.body } });
    };
    oauth.service.on("beforeResponse", listener);
    try {
      nextAccount = 31;
      const { token } = await createSession("user-post");
      expect((await callback((await authorize(token)).callbackUrl)).status).toBe(200);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.authorization).toBeUndefined();
      expect(seen[0]!.body).toMatchObject({ client_id: "client-1", client_secret: "secret-1" });
    } finally {
      oauth.service.off("beforeResponse", listener);
    }
  });
});

describe("token refresh", () => {
  it("refreshes a token before it expires, on demand in the proxy and by the periodic sweep", async () => {
    nextAccount = 7;
    const { token } = await createSession("user-7");
    oauth.service.once("beforeResponse", (response: { body: Record<string, unknown> }) => {
      response.body.expires_in = 60;
    });
    await callback((await authorize(token)).callbackUrl);
    const connection = await db().connection.findFirstOrThrow({ where: { endUser: { path: ["id"], equals: "user-7" } } });
    const first = await credentialsOf(connection.connectionId);
    expect(new Date(first.expiresAt!).getTime() - Date.now()).toBeLessThan(61_000);

    standIn.script({ status: 200, body: { me: true } });
    const result = await proxyRequest({
      environment,
      integration: "mock",
      connection: connection.connectionId,
      method: "GET",
      endpoint: "/me",
    });
    expect(result.status).toBe(200);
    const second = await credentialsOf(connection.connectionId);
    // The mock's JWTs are equal within one second; its refresh tokens are random, so they show the refresh.
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(standIn.requests.at(-1)!.headers.authorization).toBe(`Bearer ${second.accessToken}`);

    // The sweep picks tokens inside the margin.
    await db().connection.update({ where: { id: connection.id }, data: { tokenExpiresAt: new Date(Date.now() + 60_000) } });
    const sweep = await refreshExpiringTokens();
    expect(sweep).toEqual({ refreshed: 1, failed: 0 });
    const third = await credentialsOf(connection.connectionId);
    expect(third.refreshToken).not.toBe(second.refreshToken);
  });

  it("marks the connection needs_reauth when the refresh is refused, notifies the app once, and stops", async () => {
    nextAccount = 8;
    const { token } = await createSession("user-8");
    await callback((await authorize(token)).callbackUrl);
    const connection = await db().connection.findFirstOrThrow({ where: { endUser: { path: ["id"], equals: "user-8" } } });
    oauth.service.once("beforeResponse", (response: { body: unknown; statusCode: number }) => {
      response.statusCode = 400;
      response.body = { error: "invalid_grant", error_description: "refresh token revoked" };
    });
    await db().connection.update({ where: { id: connection.id }, data: { tokenExpiresAt: new Date(Date.now() - 1000) } });
    const sweep = await refreshExpiringTokens();
    expect(sweep.failed).toBe(1);
    expect((await db().connection.findUniqueOrThrow({ where: { id: connection.id } })).status).toBe("needs_reauth");
    const refreshNotice = await waitForNotice((n) => n.operation === "refresh" && n.connectionId === connection.connectionId);
    expect(refreshNotice).toMatchObject({ type: "auth", operation: "refresh", success: false, connectionId: connection.connectionId });
    // Not picked again by the sweep; the proxy refuses with a clear reason.
    expect((await refreshExpiringTokens()).failed).toBe(0);
    await expect(
      proxyRequest({ environment, integration: "mock", connection: connection.connectionId, method: "GET", endpoint: "/me" }),
    ).rejects.toThrow(/re-authorised/);
  });
});

describe("webhook subscriptions and deleting a connection", () => {
  it("connecting registers the webhook (URL, secret kept encrypted); deleting unregisters it and revokes the token", async () => {
    const issuer = oauth.issuer.url!;
    expect(
      (
        await api.post("/api/v1/integrations", {
          key: "attio",
          provider: "attio",
          clientId: "attio-client",
          clientSecret: "attio-secret",
          settings: { apiBaseUrl: standIn.url, authorizationUrl: `${issuer}/authorize`, tokenUrl: `${issuer}/token` },
        })
      ).status,
    ).toBe(201);
    standIn.route("GET /v2/self", () => ({ status: 200, body: { workspace_id: "ws-123" } }));
    standIn.route("POST /v2/webhooks", (request) => ({
      status: 200,
      body: {
        data: {
          target_url: (request.json as { data: { target_url: string } }).data.target_url,
          id: { workspace_id: "ws-123", webhook_id: "wh-777" },
          secret: "per-webhook-secret",
        },
      },
    }));
    standIn.route("DELETE /v2/webhooks/wh-777", () => ({ status: 204 }));

    const { token } = await createSession("user-attio", ["attio"]);
    expect((await callback((await authorize(token, "attio")).callbackUrl)).status).toBe(200);
    const connection = await db().connection.findFirstOrThrow({
      where: { endUser: { path: ["id"], equals: "user-attio" } },
      include: { attributions: true, subscriptions: true },
    });
    expect(connection.attributions.map((a) => [a.key, a.value])).toEqual([["workspaceId", "ws-123"]]);
    const subscribe = standIn.requests.find((r) => r.method === "POST" && r.path === "/v2/webhooks")!;
    expect(subscribe.headers.authorization).toMatch(/^Bearer ey/);
    expect(subscribe.json).toMatchObject({
      data: { target_url: `${app.url}/webhooks/${environment.publicId}/attio`, subscriptions: [{ event_type: "record.created" }, {}, {}] },
    });
    expect(connection.subscriptions).toHaveLength(1);
    expect(connection.subscriptions[0]).toMatchObject({ externalId: "wh-777", url: `${app.url}/webhooks/${environment.publicId}/attio` });
    expect(connection.subscriptions[0]!.secretEnc).not.toContain("per-webhook-secret");

    // Attio signs this webhook's deliveries with its own secret: ingestion verifies with it and attributes to the connection.
    const body = JSON.stringify({
      webhook_id: "wh-777",
      events: [
        { event_type: "record.created", id: { workspace_id: "ws-123", object_id: "o", record_id: "r1" }, actor: { type: "user", id: "u" } },
      ],
    });
    const sign = (secret: string) => createHmac("sha256", secret).update(body).digest("hex");
    const send = (secret: string) =>
      fetch(`${app.url}/webhooks/${environment.publicId}/attio`, {
        method: "POST",
        headers: { "content-type": "application/json", "attio-signature": sign(secret) },
        body,
      });
    expect((await send("not-the-secret")).status).toBe(401);
    expect((await send("per-webhook-secret")).status).toBeLessThan(300);

    const deleted = await api.delete(`/api/v1/connections/attio/${connection.connectionId}`);
    expect(deleted.status).toBe(204);
    expect(standIn.requests.some((r) => r.method === "DELETE" && r.path === "/v2/webhooks/wh-777")).toBe(true);
    expect(await db().connectionSubscription.count({ where: { connectionId: connection.id } })).toBe(0);
  });

  it("deleting an OAuth connection revokes its token at the revocation URL", async () => {
    nextAccount = 20;
    const { token } = await createSession("user-revoke");
    await callback((await authorize(token)).callbackUrl);
    const connection = await db().connection.findFirstOrThrow({ where: { endUser: { path: ["id"], equals: "user-revoke" } } });
    let revokeCalls = 0;
    oauth.service.once("beforeRevoke", () => {
      revokeCalls++;
    });
    expect((await api.delete(`/api/v1/connections/mock/${connection.connectionId}`)).status).toBe(204);
    expect(revokeCalls).toBe(1);
    const message = await db().logMessage.findFirst({ where: { message: "Token revocation: done" } });
    expect(message).not.toBeNull();
  });

  it("deleting a connection notifies the app with an auth deletion notice and logs the whole disconnect", async () => {
    nextAccount = 21;
    const { token } = await createSession("user-leaving");
    await callback((await authorize(token)).callbackUrl);
    const connection = await db().connection.findFirstOrThrow({ where: { endUser: { path: ["id"], equals: "user-leaving" } } });
    expect((await api.delete(`/api/v1/connections/mock/${connection.connectionId}`)).status).toBe(204);
    expect(await db().connection.count({ where: { id: connection.id } })).toBe(0);

    const notice = await waitForNotice((n) => n.operation === "deletion" && n.connectionId === connection.connectionId);
    expect(notice).toEqual({
      type: "auth",
      operation: "deletion",
      success: true,
      connectionId: connection.connectionId,
      endUser: { id: "user-leaving", email: "user-leaving@example.com" },
      integrationKey: "mock",
      provider: "custom",
    });
    expect(receiver.received.find((r) => (r.json as { operation?: string }).operation === "deletion")!.verified).toBe(true);

    const op = await db().logOperation.findFirstOrThrow({
      where: { type: "connect", connectionId: connection.id, title: { startsWith: "Disconnected" } },
      include: { messages: { orderBy: { createdAt: "asc" } } },
    });
    expect(op).toMatchObject({ status: "success", title: `Disconnected mock ${connection.connectionId}` });
    expect(op.messages.map((m) => m.message)).toEqual([
      "Token revocation: done",
      `Deleted connection ${connection.connectionId} and its credentials`,
      "Notified the app (auth, deletion)",
    ]);

    // A second delete finds nothing: 404, and no second notice.
    expect((await api.delete(`/api/v1/connections/mock/${connection.connectionId}`)).status).toBe(404);
  });
});
