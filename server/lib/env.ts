import { z } from "zod";

// Configuration is read and validated once. Each variable is documented in the README.
const schema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  SWITCHBOARD_ENCRYPTION_KEY: z.string().min(1).optional(),
  SWITCHBOARD_PUBLIC_URL: z.string().url().optional(),
  SWITCHBOARD_DATA_DIR: z.string().min(1).default(".switchboard"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  SWITCHBOARD_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(8),
  SWITCHBOARD_DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
  SWITCHBOARD_FORWARD_RETRY_BASE_MS: z.coerce.number().int().min(1).default(5000),
  SWITCHBOARD_FORWARD_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  SWITCHBOARD_PIPELINE_STALE_MS: z.coerce.number().int().min(1000).default(30_000),
});

export interface Env {
  databaseUrl: string;
  encryptionKey: Buffer;
  publicUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  workerConcurrency: number;
  dbPoolSize: number;
  /** First retry delay of a failed forward; doubles per attempt. */
  forwardRetryBaseMs: number;
  /** Concurrent requests per destination origin, per worker process. */
  forwardConcurrency: number;
  /** A pipeline run without a heartbeat for this long has lost its worker and is resumed elsewhere. */
  pipelineStaleMs: number;
}

let cached: Env | undefined;

/** 32 bytes, given as 64 hex characters or base64. */
export function parseEncryptionKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("SWITCHBOARD_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64");
  return key;
}

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid configuration: ${issue.path.join(".")}: ${issue.message}`);
  }
  const vars = parsed.data;
  if (!vars.DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it when it runs the embedded Postgres)");
  if (!vars.SWITCHBOARD_ENCRYPTION_KEY) throw new Error("SWITCHBOARD_ENCRYPTION_KEY is not set: generate one with `openssl rand -hex 32`");
  cached = {
    databaseUrl: vars.DATABASE_URL,
    encryptionKey: parseEncryptionKey(vars.SWITCHBOARD_ENCRYPTION_KEY),
    publicUrl: vars.SWITCHBOARD_PUBLIC_URL?.replace(/\/+$/, ""),
    dataDir: vars.SWITCHBOARD_DATA_DIR,
    port: vars.PORT,
    host: vars.HOST,
    workerConcurrency: vars.SWITCHBOARD_WORKER_CONCURRENCY,
    dbPoolSize: vars.SWITCHBOARD_DB_POOL_SIZE,
    forwardRetryBaseMs: vars.SWITCHBOARD_FORWARD_RETRY_BASE_MS,
    forwardConcurrency: vars.SWITCHBOARD_FORWARD_CONCURRENCY,
    pipelineStaleMs: vars.SWITCHBOARD_PIPELINE_STALE_MS,
  };
  return cached;
}

/** For tests that start several servers with different settings in one process. */
export function resetEnvCache(): void {
  cached = undefined;
}
