import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/harness";
import { signedInAccount } from "../test-client";

let database: TestDatabase;
let ada: Awaited<ReturnType<typeof signedInAccount>>;
beforeAll(async () => {
  database = await createTestDatabase();
  ada = await signedInAccount("ada@example.com");
});
afterAll(async () => {
  await database.drop();
});

describe("providers router", () => {
  it("lists the catalog as plain data, with the webhook setup help", async () => {
    const providers = await ada.dev.providers.list();
    const github = providers.find((provider) => provider.id === "github");
    expect(github).toMatchObject({ name: "GitHub", secretSource: "webhookSecret" });
    expect(github?.webhookSetup.length).toBeGreaterThan(20);
    expect(providers.at(-1)?.id).toBe("custom");
    // Survives JSON: no adapter functions leak into the catalog.
    expect(JSON.parse(JSON.stringify(providers))).toEqual(providers);
  });

  it("gets one provider, NOT_FOUND for an unknown id", async () => {
    expect((await ada.dev.providers.get({ id: "stripe" })).name).toBe("Stripe");
    await expect(ada.dev.providers.get({ id: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
