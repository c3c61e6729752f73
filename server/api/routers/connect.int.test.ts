import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/harness";
import { createConnection } from "../../connections/connections.service";
import { getEnvironmentForAccount } from "../../environments/environments.service";
import { db } from "../../lib/db";
import { sha256Hex } from "../../lib/crypto";
import { signedInAccount } from "../test-client";

// The dashboard's side of the connect flow: a session for trying the hosted page, the
// detail page's activity and metadata editing, all scoped to the signed-in account.

let database: TestDatabase;
let ada: Awaited<ReturnType<typeof signedInAccount>>;
let eve: Awaited<ReturnType<typeof signedInAccount>>;

beforeAll(async () => {
  database = await createTestDatabase();
  ada = await signedInAccount("ada-connect@example.com");
  eve = await signedInAccount("eve-connect@example.com");
  await ada.dev.integrations.create({ key: "hub", provider: "hubspot", clientId: "c" });
  const environment = await getEnvironmentForAccount(ada.devCtx.user!.accountId, "dev");
  await createConnection(environment, {
    integrationKey: "hub",
    connectionId: "c1",
    attribution: { portalId: 7 },
    metadata: { plan: "pro" },
  });
});
afterAll(async () => {
  await database.drop();
});

describe("connections router: connect", () => {
  it("creates a connect session for the signed-in user, limited to one integration", async () => {
    const session = await ada.dev.connections.createConnectSession({ integrationKey: "hub" });
    const token = new URL(session.connectUrl).searchParams.get("session")!;
    const row = await db().connectSession.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } });
    expect(row.allowedIntegrations).toEqual(["hub"]);
    expect(row.endUser).toMatchObject({ email: "ada-connect@example.com" });
    await expect(eve.dev.connections.createConnectSession({ integrationKey: "hub" })).rejects.toThrow(/hub/);
  });

  it("edits metadata and shows activity; other accounts see nothing", async () => {
    const updated = await ada.dev.connections.updateMetadata({ integrationKey: "hub", connectionId: "c1", metadata: { plan: "team" } });
    expect(updated.metadata).toEqual({ plan: "team" });
    const activity = await ada.dev.connections.activity({ integrationKey: "hub", connectionId: "c1" });
    expect(activity).toEqual({ subscriptions: [], webhooks: [], logs: [] });
    await expect(eve.dev.connections.activity({ integrationKey: "hub", connectionId: "c1" })).rejects.toThrow(/not found/);
    await expect(eve.dev.connections.updateMetadata({ integrationKey: "hub", connectionId: "c1", metadata: {} })).rejects.toThrow(
      /not found/,
    );
  });
});
