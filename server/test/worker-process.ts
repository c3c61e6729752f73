import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

// The worker as its own process (`npm run start:worker`), for tests that kill it.

const root = path.resolve(import.meta.dirname, "../..");

/** Starts a worker on the given database and resolves once it says it is ready. */
export async function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--no-node-snapshot", "--import", "tsx", "server/main.ts", "worker"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("worker ready")) resolve();
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`worker exited (${code}): ${output}`)));
  });
  return child;
}

/** SIGKILL: no shutdown hooks, connections dropped mid-transaction, as in a crash. */
export async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}
