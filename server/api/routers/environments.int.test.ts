import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/harness";
import { findEnvironmentBySecretKey } from "../../environments/environments.service";
import { callerFor, signedInAccount } from "../test-client";

let database: TestDatabase;
let ada: Awaited<ReturnType<typeof signedInAccount>>;
beforeAll(async () => {
  database = await createTestDatabase();
  ada = await signedInAccount("ada@example.com");
});
afterAll(async () => {
  await database.drop();
});

describe("environments router", () => {
  it("lists the account's environments", async () => {
    expect((await ada.dev.environments.list()).map((environment) => environment.name)).toEqual(["dev", "prod"]);
  });

  it("shows the selected environment without its secrets, with the URLs built on the request's origin", async () => {
    const dev = await ada.dev.environments.current();
    expect(dev).toMatchObject({ name: "dev", forwardUrl: null, apiBaseUrl: "http://localhost:3000/api/v1" });
    expect(dev.webhookBaseUrl).toBe(`http://localhost:3000/webhooks/${dev.publicId}`);
    expect(JSON.stringify(dev)).not.toMatch(/sk_|whsec_/);
    expect((await ada.prod.environments.current()).name).toBe("prod");
  });

  it("reveals the secret key and the signing secret only through their own procedures", async () => {
    const { secretKey } = await ada.dev.environments.revealSecretKey();
    expect(secretKey).toMatch(/^sk_dev_/);
    expect((await findEnvironmentBySecretKey(secretKey))?.name).toBe("dev");
    expect((await ada.prod.environments.revealSecretKey()).secretKey).toMatch(/^sk_prod_/);
    expect((await ada.dev.environments.revealSigningSecret()).signingSecret).toMatch(/^whsec_/);
  });

  it("rotates the signing secret", async () => {
    const before = (await ada.dev.environments.revealSigningSecret()).signingSecret;
    await ada.dev.environments.rotateSigningSecret();
    const after = (await ada.dev.environments.revealSigningSecret()).signingSecret;
    expect(after).toMatch(/^whsec_/);
    expect(after).not.toBe(before);
  });

  it("saves a valid forward URL, clears it with an empty string, and refuses anything else", async () => {
    expect((await ada.dev.environments.update({ forwardUrl: " https://api.example.com/hooks " })).forwardUrl).toBe(
      "https://api.example.com/hooks",
    );
    await expect(ada.dev.environments.update({ forwardUrl: "not a url" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(ada.dev.environments.update({ forwardUrl: "ftp://example.com" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await ada.dev.environments.current()).forwardUrl).toBe("https://api.example.com/hooks");
    // A URL can carry a NUL character in its path, which Postgres cannot store: refused up front.
    await expect(ada.dev.environments.update({ forwardUrl: "https://api.example.com/a\u0000" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "forwardUrl: must not contain the NUL character (\\u0000) or half of a surrogate pair",
    });
    expect((await ada.dev.environments.update({ forwardUrl: "" })).forwardUrl).toBeNull();
  });

  it("saves the forwarding settings: what happens to events with no connection, the timeout, private addresses", async () => {
    expect(await ada.prod.environments.current()).toMatchObject({
      unattributedPolicy: "forward",
      forwardTimeoutMs: 10_000,
      allowPrivateForwardUrls: false,
    });
    const saved = await ada.prod.environments.update({
      unattributedPolicy: "drop",
      forwardTimeoutMs: 5_000,
      allowPrivateForwardUrls: true,
    });
    expect(saved).toMatchObject({ unattributedPolicy: "drop", forwardTimeoutMs: 5_000, allowPrivateForwardUrls: true });
    expect(await ada.prod.environments.current()).toMatchObject({ unattributedPolicy: "drop", forwardTimeoutMs: 5_000 });
    // The dev environment is its own.
    expect((await ada.dev.environments.current()).unattributedPolicy).toBe("forward");

    const refused = ada.prod.environments.update({ forwardTimeoutMs: 500 });
    await expect(refused).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(refused).rejects.toMatchObject({ cause: { issues: [{ path: ["forwardTimeoutMs"], message: "must be at least 1000" }] } });
    // @ts-expect-error: not a policy
    await expect(ada.prod.environments.update({ unattributedPolicy: "keep" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await ada.prod.environments.current()).forwardTimeoutMs).toBe(5_000);
  });

  it("answers NOT_FOUND for an environment the account does not have", async () => {
    const { caller } = await callerFor({ token: ada.token, environment: "staging" });
    await expect(caller.environments.current()).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.environments.revealSecretKey()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
