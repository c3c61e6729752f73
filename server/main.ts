import { fork, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { resolveDatabase, advertiseRunning } from "./lib/runtime";
import { migrate } from "./lib/migrate";
import { buildStatus } from "./lib/build-freshness";
import { DataDirInUseError } from "./lib/embedded-postgres";

// `npm start` (role "all"): database, migrations, a fresh production build, then one web
// and one worker process. `npm run start:web` / `start:worker` run a single role against
// DATABASE_URL, so that several of each can share one Postgres.

const root = path.resolve(import.meta.dirname, "..");
const role = process.argv[2] ?? "all";

function log(line: string): void {
  console.log(`[switchboard] ${line}`);
}

function fail(message: string): never {
  console.error(`[switchboard] ${message}`);
  process.exit(1);
}

async function ensureBuild(): Promise<void> {
  const status = await buildStatus(root);
  if (status === "fresh") return;
  log(
    status === "missing"
      ? "No production build yet: building the web app (about a minute)…"
      : "Sources changed since the last build: rebuilding the web app…",
  );
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with code ${code}`))));
  });
}

/** Ctrl-C reaches every process of the group, and the parent then sends SIGTERM: stop once. */
function onStopSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[switchboard] ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

async function runWeb(): Promise<void> {
  const serveUi = process.env.SWITCHBOARD_SERVE_UI !== "false";
  // `npm start` builds before forking; a web process started on its own must not race
  // other web processes to build, so it asks for the build instead.
  if (serveUi && !process.send && (await buildStatus(root)) === "missing") {
    fail("No production build of the web app: run `npm run build` first (or SWITCHBOARD_SERVE_UI=false for an API-only web process).");
  }
  const { startWebServer } = await import("./http/server");
  const { getEnv } = await import("./lib/env");
  const env = getEnv();
  // SWITCHBOARD_SERVE_UI=false runs an ingestion/API-only web process (no Next.js).
  const web = await startWebServer({ port: env.port, host: env.host, ui: serveUi });
  process.send?.({ type: "ready", url: web.url });
  if (!process.send) log(`web ready on ${web.url}`);
  onStopSignal(async () => {
    await web.close();
    const { closeDb } = await import("./lib/db");
    await closeDb();
  });
}

async function runWorker(): Promise<void> {
  const { startWorker } = await import("../worker/index");
  const runner = await startWorker();
  process.send?.({ type: "ready" });
  if (!process.send) log("worker ready");
  onStopSignal(async () => {
    await runner.stop();
    const { closeDb } = await import("./lib/db");
    await closeDb();
  });
  await runner.promise;
}

async function runAll(): Promise<void> {
  let database;
  try {
    database = await resolveDatabase({ log, reuseRunning: false });
  } catch (error) {
    if (error instanceof DataDirInUseError) fail(error.message);
    throw error;
  }
  const encryptionKey = database.encryptionKey;
  if (!encryptionKey) {
    await database.release();
    fail("SWITCHBOARD_ENCRYPTION_KEY is not set. With DATABASE_URL, give Switchboard a 32-byte key: `openssl rand -hex 32`.");
  }
  const unadvertise = database.embedded ? await advertiseRunning(database.databaseUrl, encryptionKey) : async () => {};
  const children: ChildProcess[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    await unadvertise();
    await database.release();
    log("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    const { applied } = await migrate(database.databaseUrl);
    if (applied.length) log(`applied ${applied.length} migration(s): ${applied.join(", ")}`);
    await ensureBuild();
  } catch (error) {
    console.error(`[switchboard] ${(error as Error).message}`);
    await shutdown(1);
    return;
  }

  const childEnv = {
    ...process.env,
    DATABASE_URL: database.databaseUrl,
    SWITCHBOARD_ENCRYPTION_KEY: encryptionKey,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const start = (childRole: "web" | "worker") =>
    new Promise<{ url?: string }>((resolve, reject) => {
      // isolated-vm (Functions in the worker, test runs in the web process) needs --no-node-snapshot on Node 20.
      const execArgv = [...new Set([...process.execArgv, "--no-node-snapshot"])];
      const child = fork(path.join(import.meta.dirname, "main.ts"), [childRole], { env: childEnv, stdio: "inherit", execArgv });
      children.push(child);
      child.on("message", (message: { type?: string; url?: string }) => {
        if (message.type === "ready") resolve(message);
      });
      child.on("exit", (code, signal) => {
        reject(new Error(`${childRole} exited (${signal ?? code})`));
        if (!stopping) {
          console.error(`[switchboard] the ${childRole} process stopped unexpectedly (${signal ?? `exit code ${code}`})`);
          void shutdown(1);
        }
      });
    });
  try {
    const [web] = await Promise.all([start("web"), start("worker")]);
    log(`Switchboard is ready on ${web.url}${database.embedded ? " (embedded Postgres)" : ""}`);
  } catch {
    await shutdown(1);
  }
}

async function withMigrations(next: () => Promise<void>): Promise<void> {
  if (!process.env.DATABASE_URL)
    fail("DATABASE_URL is not set. `npm start` runs everything on the embedded Postgres; single roles need a shared database.");
  if (!process.send) await migrate(process.env.DATABASE_URL);
  await next();
}

const roles: Record<string, () => Promise<void>> = {
  all: runAll,
  web: () => withMigrations(runWeb),
  worker: () => withMigrations(runWorker),
};

const main = roles[role];
if (!main) fail(`Unknown role "${role}": use all, web or worker`);
main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
