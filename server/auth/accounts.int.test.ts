import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/harness";
import { authenticate, createAccount, createSession, environmentKeys, findSessionUser, revokeSession } from "./accounts.service";
import { findEnvironmentBySecretKey } from "../environments/environments.service";
import { db } from "../lib/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe("accounts", () => {
  it("creates dev and prod environments with keys, encrypted at rest", async () => {
    const { environments } = await createAccount({ email: "Ada@Example.com", password: "correct horse" });
    const keys = environments.map(environmentKeys);
    expect(keys.map((k) => k.name)).toEqual(["dev", "prod"]);
    for (const key of keys) {
      expect(key.secretKey).toMatch(/^sk_/);
      expect(key.forwardSigningSecret).toMatch(/^whsec_/);
      expect((await findEnvironmentBySecretKey(key.secretKey))?.name).toBe(key.name);
    }
    const stored = await db().environment.findFirstOrThrow({ where: { name: "dev" } });
    expect(stored.secretKeyEnc).not.toContain(keys[0]!.secretKey);
    expect(stored.forwardSigningSecretEnc).not.toContain("whsec_");
  });

  it("rejects a second account with the same email", async () => {
    await expect(createAccount({ email: "ada@example.com", password: "another pass" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("logs in with the right password only, and revoked sessions stop working", async () => {
    await expect(authenticate("ada@example.com", "wrong password")).rejects.toMatchObject({ code: "unauthorized" });
    const user = await authenticate("ADA@example.com", "correct horse");
    const { token } = await createSession(user.id, "test");
    const sessionUser = await findSessionUser(token);
    expect(sessionUser?.email).toBe("ada@example.com");
    await revokeSession(sessionUser!.sessionId);
    expect(await findSessionUser(token)).toBeNull();
  });
});
