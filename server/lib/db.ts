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
