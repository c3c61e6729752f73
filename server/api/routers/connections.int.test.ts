import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/harness";
import { createConnection } from "../../connections/connections.service";
import { getEnvironmentForAccount } from "../../environments/environments.service";
import { signedInAccount } from "../test-client";

let database: TestDatabase;
let ada: Awaited<ReturnType<typeof signedInAccount>>;
let eve: Awaited<ReturnType<typeof signedInAccount>>;

beforeAll(async () => {
  database = await createTestDatabase();
  ada = await signedInAccount("ada@example.com");
  eve = await signedInAccount("eve@example.com");
  await ada.dev.integrations.create({ key: "hub", provider: "hubspot" });
  await ada.dev.integrations.create({ key: "gh", provider: "github" });
  // Connections arrive through the REST API; the service is what it calls.
  const environment = await getEnvironmentForAccount(ada.devCtx.user!.accountId, "dev");
  for (let index = 1; index <= 5; index++) {
    await createConnection(environment, {
      integrationKey: "hub",
      connectionId: `user-${index}`,
      endUser: { id: `u${index}`, email: `user${index}@example.com` },
      metadata: { plan: index % 2 ? "pro" : "free" },
      attribution: { portalId: 1000 + index },
      credentials: { accessToken: "token-value" },
    });
  }
  await createConnection(environment, { integrationKey: "gh", connectionId: "octo", attribution: { installationId: 42 } });
});
afterAll(async () => {
  await database.drop();
});

describe("connections router", () => {
  it("pages through connections with a cursor, newest first", async () => {
    const first = await ada.dev.connections.list({ limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).toBeTruthy();
    const second = await ada.dev.connections.list({ limit: 4, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((item) => item.connectionId);
    expect(new Set(ids).size).toBe(6);
    expect(ids[0]).toBe("octo");
  });

  it("filters by integration and searches", async () => {
    expect((await ada.dev.connections.list({ integrationKey: "gh" })).items.map((item) => item.connectionId)).toEqual(["octo"]);
    const found = await ada.dev.connections.list({ search: "user3" });
    expect(found.items.map((item) => item.connectionId)).toEqual(["user-3"]);
  });

  it("shows one connection, never its credentials", async () => {
    const connection = await ada.dev.connections.get({ integrationKey: "hub", connectionId: "user-2" });
    expect(connection).toMatchObject({
      connectionId: "user-2",
      integrationKey: "hub",
      provider: "hubspot",
      endUser: { id: "u2", email: "user2@example.com" },
      attribution: { portalId: "1002" },
      metadata: { plan: "free" },
      status: "ok",
      hasCredentials: true,
    });
    expect(typeof connection.updatedAt).toBe("string");
    expect(JSON.stringify(connection)).not.toContain("token-value");
  });

  it("answers NOT_FOUND for another account's or another environment's connection", async () => {
    expect((await eve.dev.connections.list({})).items).toEqual([]);
    await expect(eve.dev.connections.get({ integrationKey: "hub", connectionId: "user-1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(eve.dev.connections.delete({ integrationKey: "hub", connectionId: "user-1" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(ada.prod.connections.get({ integrationKey: "hub", connectionId: "user-1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await ada.prod.connections.list({})).items).toEqual([]);
  });

  it("deletes a connection", async () => {
    expect(await ada.dev.connections.delete({ integrationKey: "hub", connectionId: "user-1" })).toEqual({ ok: true });
    await expect(ada.dev.connections.get({ integrationKey: "hub", connectionId: "user-1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
