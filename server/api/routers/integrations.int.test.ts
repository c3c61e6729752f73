import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/harness";
import { db } from "../../lib/db";
import { signedInAccount } from "../test-client";

let database: TestDatabase;
let ada: Awaited<ReturnType<typeof signedInAccount>>;
let eve: Awaited<ReturnType<typeof signedInAccount>>;
beforeAll(async () => {
  database = await createTestDatabase();
  ada = await signedInAccount("ada@example.com");
  eve = await signedInAccount("eve@example.com");
});
afterAll(async () => {
  await database.drop();
});

describe("integrations router", () => {
  it("creates an integration with its webhook URL; secrets come back only as set / not set", async () => {
    const created = await ada.dev.integrations.create({
      key: "github",
      provider: "github",
      clientId: "Iv1.abc",
      clientSecret: "client-secret-value",
      webhookSecret: "webhook-secret-value",
      scopes: ["repo"],
    });
    const { publicId } = await ada.dev.environments.current();
    expect(created).toMatchObject({
      key: "github",
      provider: "github",
      providerName: "GitHub",
      clientId: "Iv1.abc",
      hasClientSecret: true,
      hasWebhookSecret: true,
      scopes: ["repo"],
      webhookUrl: `http://localhost:3000/webhooks/${publicId}/github`,
    });
    expect(typeof created.createdAt).toBe("string");
    expect(JSON.stringify(created)).not.toContain("secret-value");
    expect(JSON.stringify(await ada.dev.integrations.list())).not.toContain("secret-value");
  });

  it("refuses a duplicate key and an invalid key", async () => {
    await expect(ada.dev.integrations.create({ key: "github", provider: "github" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'An integration with key "github" already exists',
    });
    await expect(ada.dev.integrations.create({ key: "Not Valid", provider: "github" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("updates: replaces and clears secrets, keeps what the patch omits", async () => {
    const updated = await ada.dev.integrations.update({ key: "github", patch: { clientSecret: null, webhookSecret: "new-secret" } });
    expect(updated).toMatchObject({ hasClientSecret: false, hasWebhookSecret: true, clientId: "Iv1.abc", scopes: ["repo"] });
    const row = await db().integration.findFirstOrThrow({ where: { key: "github" } });
    expect(row.clientSecretEnc).toBeNull();
    expect(row.webhookSecretEnc).not.toContain("new-secret");
  });

  it("keeps environments apart: a dev integration does not exist in prod", async () => {
    expect(await ada.prod.integrations.list()).toEqual([]);
    await expect(ada.prod.integrations.get({ key: "github" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers NOT_FOUND for another account's integration, for every procedure", async () => {
    expect(await eve.dev.integrations.list()).toEqual([]);
    await expect(eve.dev.integrations.get({ key: "github" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(eve.dev.integrations.update({ key: "github", patch: { clientId: "stolen" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(eve.dev.integrations.delete({ key: "github" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await ada.dev.integrations.get({ key: "github" })).clientId).toBe("Iv1.abc");
  });

  it("validates custom provider settings", async () => {
    const invalid = await ada.dev.integrations
      .create({ key: "acme", provider: "custom", settings: { signature: { header: "" } } })
      .catch((error: { code: string }) => error);
    // Refused by input validation or by the service's own check, never stored.
    expect(["BAD_REQUEST", "UNPROCESSABLE_CONTENT"]).toContain((invalid as { code: string }).code);
    const created = await ada.dev.integrations.create({
      key: "acme",
      provider: "custom",
      webhookSecret: "s3cret",
      settings: { signature: { header: "x-signature" }, eventTypePath: "type", attribution: [{ key: "accountId", path: "account.id" }] },
    });
    expect(created.settings).toMatchObject({ eventTypePath: "type" });
  });

  it("deletes", async () => {
    expect(await ada.dev.integrations.delete({ key: "acme" })).toEqual({ ok: true });
    await expect(ada.dev.integrations.get({ key: "acme" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
