import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isAlive, startEmbeddedPostgres } from "./embedded-postgres";

// Where the database comes from: DATABASE_URL when set, otherwise the embedded Postgres
// in the data folder (started here, or the one a running `npm start` already serves).

export interface ResolvedDatabase {
  databaseUrl: string;
  encryptionKey: string | undefined;
  embedded: boolean;
  release(): Promise<void>;
}

export function dataDir(): string {
  return path.resolve(process.env.SWITCHBOARD_DATA_DIR || ".switchboard");
}

const runningFile = () => path.join(dataDir(), "running.json");

interface Running {
  pid: number;
  databaseUrl: string;
  encryptionKey: string;
}

export async function resolveDatabase(options: { log: (line: string) => void; reuseRunning: boolean }): Promise<ResolvedDatabase> {
  if (process.env.DATABASE_URL) {
    return {
      databaseUrl: process.env.DATABASE_URL,
      encryptionKey: process.env.SWITCHBOARD_ENCRYPTION_KEY,
      embedded: false,
      release: async () => {},
    };
  }
  if (options.reuseRunning) {
    const running = await readFile(runningFile(), "utf8")
      .then((text) => JSON.parse(text) as Running)
      .catch(() => null);
    if (running && isAlive(running.pid)) {
      return { databaseUrl: running.databaseUrl, encryptionKey: running.encryptionKey, embedded: true, release: async () => {} };
    }
  }
  const embedded = await startEmbeddedPostgres(dataDir(), options.log);
  return {
    databaseUrl: embedded.databaseUrl,
    encryptionKey: embedded.encryptionKey,
    embedded: true,
    release: () => embedded.stop(),
  };
}

/** Lets CLI commands reach the embedded Postgres of a running `npm start`. */
export async function advertiseRunning(databaseUrl: string, encryptionKey: string): Promise<() => Promise<void>> {
  const running: Running = { pid: process.pid, databaseUrl, encryptionKey };
  await writeFile(runningFile(), JSON.stringify(running) + "\n", { mode: 0o600 });
  return () => rm(runningFile(), { force: true });
}
