import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { resetEnvCache } from "../lib/env";
import { closeDb } from "../lib/db";
import { startWebServer, type WebServer } from "../http/server";
import { withDatabase } from "./global-setup";
import type { Runner } from "graphile-worker";
import { startWorker } from "../../worker/index";

// What integration tests share: a fresh database for the test file, the real HTTP
// server (webhook endpoint and REST API; the UI is covered by e2e), and the real worker.

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

let counter = 0;

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("adminDatabaseUrl");
  const template = inject("templateDatabase");
  const globalPid = template.split("_")[2];
  const name = `sb_test_${process.pid}${counter++}_${globalPid}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  process.env.DATABASE_URL = url;
  process.env.SWITCHBOARD_ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
  resetEnvCache();
  return {
    url,
    async drop() {
      await closeDb();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function startTestServer(): Promise<WebServer> {
  return startWebServer({ port: 0, host: "127.0.0.1", ui: false });
}

export interface TestApp {
  db: TestDatabase;
  server: WebServer;
  url: string;
  stop(): Promise<void>;
}

/** A database, the HTTP server on it and optionally the worker; call stop() in afterAll. */
export async function startTestApp(
  options: { worker?: boolean; env?: Record<string, string> } = {},
): Promise<TestApp & { worker: Runner | null }> {
  Object.assign(process.env, options.env ?? {});
  const db = await createTestDatabase();
  const server = await startTestServer();
  const worker = options.worker ? await startWorker({ concurrency: 4 }) : null;
  return {
    db,
    server,
    worker,
    url: server.url,
    async stop() {
      await worker?.stop();
      await server.close();
      await db.drop();
    },
  };
}
