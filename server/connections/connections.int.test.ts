import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/harness";
import { createAccount } from "../auth/accounts.service";
import { createIntegration, deleteIntegration } from "../integrations/integrations.service";
import { createConnection, deleteConnection, getConnection, listConnections, updateConnection } from "./connections.service";
import { db } from "../lib/db";
import type { Environment } from "../lib/generated/prisma/client";

// Service-level behaviour the REST tests do not reach: the transaction boundaries.

let database: TestDatabase;
let env: Environment;
const origin = "http://localhost:3000";

beforeAll(async () => {
  database = await createTestDatabase();
  const account = await createAccount({ email: "svc@example.com", password: "correct horse" });
  env = account.environments[0]!;
  await createIntegration(env, { key: "hs", provider: "hubspot" }, origin);
  await createIntegration(env, { key: "gh", provider: "github" }, origin);
});
afterAll(async () => {
  await database.drop();
});

describe("connections service", () => {
  it("creates with a generated id, encrypted credentials and string attribution values", async () => {
    const view = await createConnection(env, {
      integrationKey: "hs",
      credentials: { accessToken: "tok-secret" },
      attribution: { portalId: 42 },
    });
    expect(view.connectionId).toMatch(/^conn_[a-z0-9]{20}$/);
    expect(view.attribution).toEqual({ portalId: "42" });
    expect(view.hasCredentials).toBe(true);
    expect(JSON.stringify(view)).not.toContain("tok-secret");
    const row = await db().connection.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.credentialsEnc).not.toContain("tok-secret");
  });

  it("rolls back the connection when an attribution clashes, and names the key", async () => {
    await expect(
      createConnection(env, { integrationKey: "hs", connectionId: "clash", attribution: { portalId: "42" } }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("portalId") as string,
    });
    await expect(getConnection(env, "hs", "clash")).rejects.toMatchObject({ code: "not_found" });
  });

  it("allows the same attribution value on another integration", async () => {
    const view = await createConnection(env, { integrationKey: "gh", connectionId: "other", attribution: { portalId: "42" } });
    expect(view.integrationKey).toBe("gh");
  });

  it("replaces attribution as a whole and keeps it on a failed patch", async () => {
    await createConnection(env, { integrationKey: "hs", connectionId: "a", attribution: { portalId: "1", region: "eu" } });
    const patched = await updateConnection(env, "hs", "a", { attribution: { portalId: "2" }, metadata: { plan: "pro" } });
    expect(patched.attribution).toEqual({ portalId: "2" });
    expect(patched.metadata).toEqual({ plan: "pro" });
    await expect(updateConnection(env, "hs", "a", { attribution: { portalId: "42" }, metadata: { plan: "free" } })).rejects.toMatchObject({
      code: "conflict",
    });
    const after = await getConnection(env, "hs", "a");
    expect(after.attribution).toEqual({ portalId: "2" });
    expect(after.metadata).toEqual({ plan: "pro" });
  });

  it("searches end users case-insensitively and filters by integration", async () => {
    await createConnection(env, {
      integrationKey: "hs",
      connectionId: "u1",
      endUser: { id: "user-1", email: "Grace@Example.com", displayName: "Grace Hopper" },
    });
    expect((await listConnections(env, { search: "grace@example" })).items.map((c) => c.connectionId)).toEqual(["u1"]);
    expect((await listConnections(env, { search: "HOPPER" })).items.map((c) => c.connectionId)).toEqual(["u1"]);
    expect((await listConnections(env, { search: "USER-1" })).items.map((c) => c.connectionId)).toEqual(["u1"]);
    expect((await listConnections(env, { integrationKey: "gh" })).items.map((c) => c.connectionId)).toEqual(["other"]);
    // LIKE wildcards in the search text are literal characters.
    expect((await listConnections(env, { search: "%" })).items).toEqual([]);
    expect((await listConnections(env, { search: "grace%" })).items).toEqual([]);
    expect((await listConnections(env, { search: "u_" })).items).toEqual([]);
    expect((await listConnections(env, { search: "conn_" })).items).toHaveLength(1);
    expect((await listConnections(env, { search: "\\" })).items).toEqual([]);
  });

  it("pages newest first without gaps or repeats", async () => {
    const all = (await listConnections(env, { limit: 100 })).items.map((c) => c.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listConnections(env, { limit: 2, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
    await expect(listConnections(env, { cursor: "nonsense" })).rejects.toMatchObject({ code: "bad_request" });
  });

  it("deletes connections, and deleting the integration removes its connections", async () => {
    await deleteConnection(env, "hs", "u1");
    await expect(deleteConnection(env, "hs", "u1")).rejects.toMatchObject({ code: "not_found" });
    await deleteIntegration(env, "hs");
    expect(await db().connectionAttribution.count({ where: { environmentId: env.id, value: "2" } })).toBe(0);
    expect((await listConnections(env)).items.map((c) => c.integrationKey)).toEqual(["gh"]);
  });
});
