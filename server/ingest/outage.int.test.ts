import { createHmac, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { startTestApp } from "../test/harness";
import { createAccount } from "../auth/accounts.service";
import { createIntegration } from "../integrations/integrations.service";
import { closeDb, db } from "../lib/db";

// When the database cannot take the webhook, the provider must be told to retry (503),
// never told "OK" (200) nor shown a stack (500).

let app: Awaited<ReturnType<typeof startTestApp>>;
let publicId: string;
const SECRET = "outage-secret";

beforeAll(async () => {
  app = await startTestApp();
  const { environments } = await createAccount({ email: "outage@example.com", password: "password123" });
  publicId = environments[0]!.publicId;
  await createIntegration(environments[0]!, { key: "github", provider: "github", webhookSecret: SECRET }, app.url);
});

afterAll(async () => {
  await app?.stop();
});

function send() {
  const raw = JSON.stringify({ action: "opened", issue: { id: 1 }, installation: { id: 1 } });
  return fetch(`${app.url}/webhooks/${publicId}/github`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": "sha256=" + createHmac("sha256", SECRET).update(raw).digest("hex"),
    },
    body: raw,
  });
}

describe("database outage", () => {
  it("answers 503 with Retry-After while the database refuses connections, and 200 again afterwards", async () => {
    expect((await send()).status).toBe(200); // the integration is now cached
    const name = new URL(app.db.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
      const response = await send();
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBeTruthy();
      expect(await response.json()).toMatchObject({ error: { code: "unavailable" } });
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await closeDb();
    expect((await send()).status).toBe(200);
    expect(await db().webhook.count()).toBe(2);
  });
});
