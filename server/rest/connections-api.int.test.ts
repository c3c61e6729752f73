import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { db } from "../lib/db";
import { decryptJson } from "../lib/crypto";
import type { ConnectionView } from "../connections/connections.schema";
import type { ErrorBody } from "./errors";
import { accountWithClient, type ApiClient, type Wire } from "./test-client";

type Connection = Wire<ConnectionView>;
type Page = { data: Connection[]; nextCursor: string | null };

let app: TestApp;
let api: ApiClient;
let other: ApiClient;
const TOKEN = "gho_access_token_that_must_not_leak";

beforeAll(async () => {
  app = await startTestApp();
  api = (await accountWithClient(app.url, "connections@example.com")).api;
  other = (await accountWithClient(app.url, "intruder@example.com")).api;
  for (const [key, provider] of [
    ["hub", "hubspot"],
    ["gh", "github"],
  ]) {
    expect((await api.post("/api/v1/integrations", { key, provider })).status).toBe(201);
  }
  // The intruder has an integration with the same key, to prove scoping is by environment, not key.
  expect((await other.post("/api/v1/integrations", { key: "hub", provider: "hubspot" })).status).toBe(201);
});
afterAll(async () => {
  await app.stop();
});

async function connectionCount(): Promise<number> {
  return db().connection.count();
}

describe("connections API", () => {
  it("creates a connection; credentials are encrypted and never echoed", async () => {
    const response = await api.post<Connection>("/api/v1/connections", {
      integrationKey: "hub",
      connectionId: "user-1",
      endUser: { id: "u1", email: "ada@example.com", displayName: "Ada Lovelace" },
      credentials: { accessToken: TOKEN, refreshToken: "r1" },
      metadata: { plan: "pro" },
      attribution: { portalId: 1001 },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      connectionId: "user-1",
      integrationKey: "hub",
      provider: "hubspot",
      endUser: { id: "u1", email: "ada@example.com", displayName: "Ada Lovelace" },
      metadata: { plan: "pro" },
      attribution: { portalId: "1001" },
      status: "ok",
      hasCredentials: true,
    });
    expect(response.text).not.toContain(TOKEN);
    const row = await db().connection.findFirstOrThrow({ where: { connectionId: "user-1" } });
    expect(row.credentialsEnc).not.toContain(TOKEN);
    expect(decryptJson(row.credentialsEnc!)).toEqual({ accessToken: TOKEN, refreshToken: "r1" });
    const get = await api.get<Connection>("/api/v1/connections/hub/user-1");
    expect(get.status).toBe(200);
    expect(get.body.id).toBe(response.body.id);
    expect(get.text).not.toContain(TOKEN);
  });

  it("generates a connection id when none is given", async () => {
    const response = await api.post<Connection>("/api/v1/connections", { integrationKey: "gh" });
    expect(response.status).toBe(201);
    expect(response.body.connectionId).toMatch(/^conn_[a-z0-9]+$/);
    expect(response.body).toMatchObject({ endUser: null, metadata: {}, attribution: {}, hasCredentials: false });
    expect((await api.delete(`/api/v1/connections/gh/${response.body.connectionId}`)).status).toBe(204);
  });

  it("answers 409 for a duplicate connection id and for an attribution value another connection holds", async () => {
    const before = await connectionCount();
    const duplicate = await api.post<ErrorBody>("/api/v1/connections", { integrationKey: "hub", connectionId: "user-1" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toContain("user-1");
    const clash = await api.post<ErrorBody>("/api/v1/connections", {
      integrationKey: "hub",
      connectionId: "user-2",
      attribution: { region: "eu", portalId: "1001" },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toEqual({ code: "conflict", message: expect.stringContaining("portalId") as string });
    expect(await connectionCount()).toBe(before);
    expect((await api.get("/api/v1/connections/hub/user-2")).status).toBe(404);
    expect(await db().connectionAttribution.count({ where: { value: "eu" } })).toBe(0);
  });

  it("answers 422 naming the field and 404 for an unknown integration, writing nothing", async () => {
    const before = await connectionCount();
    const cases: Array<[unknown, string]> = [
      [{ integrationKey: "hub", connectionId: "has space" }, "connectionId: must start with a letter or digit"],
      [{ integrationKey: "hub", endUser: { email: "ada@example.com" } }, "endUser.id: "],
      [{ integrationKey: "hub", endUser: { id: "u", email: "not-an-email" } }, "endUser.email: must be an email address"],
      [{ integrationKey: "hub", attribution: { portalId: { nested: true } } }, "attribution.portalId: must be a string or a number"],
      [{ integrationKey: "hub", credentials: "token" }, "credentials: "],
      [{ connectionId: "x" }, "integrationKey: "],
    ];
    for (const [body, message] of cases) {
      const response = await api.post<ErrorBody>("/api/v1/connections", body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.error.message).toContain(message);
    }
    const unknownIntegration = await api.post<ErrorBody>("/api/v1/connections", { integrationKey: "nope", connectionId: "x" });
    expect(unknownIntegration.status).toBe(404);
    expect(await connectionCount()).toBe(before);
  });

  it("patches: replaces attribution and metadata, clears credentials, and rolls back a clashing patch", async () => {
    await api.post("/api/v1/connections", { integrationKey: "hub", connectionId: "user-3", attribution: { portalId: "3003" } });
    const patched = await api.patch<Connection>("/api/v1/connections/hub/user-1", {
      attribution: { portalId: "1002", hubDomain: "ada.example.com" },
      metadata: { plan: "enterprise" },
      credentials: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      attribution: { portalId: "1002", hubDomain: "ada.example.com" },
      metadata: { plan: "enterprise" },
      hasCredentials: false,
      endUser: { id: "u1" },
    });
    // The released value is free again.
    expect(
      (await api.post("/api/v1/connections", { integrationKey: "hub", connectionId: "user-4", attribution: { portalId: "1001" } })).status,
    ).toBe(201);
    const clash = await api.patch<ErrorBody>("/api/v1/connections/hub/user-1", {
      attribution: { portalId: "3003" },
      metadata: { plan: "free" },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain("portalId");
    const after = await api.get<Connection>("/api/v1/connections/hub/user-1");
    expect(after.body.attribution).toEqual({ portalId: "1002", hubDomain: "ada.example.com" });
    expect(after.body.metadata).toEqual({ plan: "enterprise" });
    const invalid = await api.patch<ErrorBody>("/api/v1/connections/hub/user-1", { metadata: { plan: "x" }, status: "ok" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.message).toBe("status: unknown field");
    expect((await api.get<Connection>("/api/v1/connections/hub/user-1")).body.metadata).toEqual({ plan: "enterprise" });
  });

  it("pages newest first with a cursor, without gaps or repeats", async () => {
    for (let i = 0; i < 7; i++) {
      expect((await api.post("/api/v1/connections", { integrationKey: "gh", connectionId: `page-${i}` })).status).toBe(201);
    }
    const all = await api.get<Page>("/api/v1/connections?limit=100");
    expect(all.body.nextCursor).toBeNull();
    const createdAt = all.body.data.map((c) => c.createdAt);
    expect([...createdAt].sort().reverse()).toEqual(createdAt);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/v1/connections?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page: Awaited<ReturnType<typeof api.get<Page>>> = await api.get<Page>(query);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data.map((c) => c.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(all.body.data.map((c) => c.id));
    expect(pages).toBe(Math.ceil(all.body.data.length / 3));
    expect(all.body.data.length).toBeGreaterThan(7);
  });

  it("filters by integration and searches ids and end users case-insensitively", async () => {
    const gh = await api.get<Page>("/api/v1/connections?integrationKey=gh&limit=100");
    expect(gh.body.data.every((c) => c.integrationKey === "gh")).toBe(true);
    expect(gh.body.data).toHaveLength(7);
    const byEmail = await api.get<Page>("/api/v1/connections?search=ADA%40EXAMPLE");
    expect(byEmail.body.data.map((c) => c.connectionId)).toEqual(["user-1"]);
    const byName = await api.get<Page>("/api/v1/connections?search=lovelace");
    expect(byName.body.data.map((c) => c.connectionId)).toEqual(["user-1"]);
    const byId = await api.get<Page>("/api/v1/connections?search=PAGE-3");
    expect(byId.body.data.map((c) => c.connectionId)).toEqual(["page-3"]);
    const combined = await api.get<Page>("/api/v1/connections?search=user&integrationKey=gh");
    expect(combined.body.data).toEqual([]);
  });

  it("answers 400 for a bad query", async () => {
    for (const query of ["limit=0", "limit=101", "limit=ten", "cursor=garbage", "integrationKey=Not%20A%20Key"]) {
      const response = await api.get<ErrorBody>(`/api/v1/connections?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe("bad_request");
    }
    expect((await api.get<ErrorBody>("/api/v1/connections?limit=500")).body.error.message).toBe("limit: must be at most 100");
  });

  it("hides connections from another account's key", async () => {
    expect((await other.get("/api/v1/connections/hub/user-1")).status).toBe(404);
    expect((await other.patch("/api/v1/connections/hub/user-1", { metadata: { owned: true } })).status).toBe(404);
    expect((await other.delete("/api/v1/connections/hub/user-1")).status).toBe(404);
    expect((await other.get<Page>("/api/v1/connections?search=user-1")).body.data).toEqual([]);
    expect((await api.get<Connection>("/api/v1/connections/hub/user-1")).body.metadata).toEqual({ plan: "enterprise" });
  });

  it("deletes a connection and its attribution", async () => {
    const response = await api.delete("/api/v1/connections/hub/user-1");
    expect(response.status).toBe(204);
    expect((await api.get("/api/v1/connections/hub/user-1")).status).toBe(404);
    expect(await db().connectionAttribution.count({ where: { value: "1002" } })).toBe(0);
    expect((await api.delete("/api/v1/connections/hub/user-1")).status).toBe(404);
  });
});
