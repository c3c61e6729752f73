import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { getEnv } from "./env";

// The one Prisma client and the one pg pool of a process, created on first use so
// that importing this module (e.g. during `next build`) needs no database.

export type Db = PrismaClient;

interface Handles {
  pool: pg.Pool;
  prisma: PrismaClient;
}

const globalForDb = globalThis as unknown as { switchboardDb?: Handles };

function create(): Handles {
  const env = getEnv();
  const pool = new pg.Pool({
    connectionString: env.databaseUrl,
    max: env.dbPoolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection (e.g. a database restart) must not crash the process.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma };
}

function handles(): Handles {
  globalForDb.switchboardDb ??= create();
  return globalForDb.switchboardDb;
}

export function db(): PrismaClient {
  return handles().prisma;
}

/** Raw pg pool for the few hot paths that need batched SQL (webhook ingestion, draining). */
export function pool(): pg.Pool {
  return handles().pool;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.switchboardDb;
  globalForDb.switchboardDb = undefined;
  if (!current) return;
  await current.prisma.$disconnect();
  await current.pool.end();
}

/**
 * Runs `work` in one transaction on a pooled client: committed when it returns, rolled back
 * when it throws. `asyncCommit` commits without waiting for the WAL flush, for work that is
 * safe to redo if the database loses it (see process-webhooks.ts).
 */
export async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>, options: { asyncCommit?: boolean } = {}): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query(options.asyncCommit ? "BEGIN; SET LOCAL synchronous_commit TO OFF" : "BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
