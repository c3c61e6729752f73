import { Logger, run, type Runner } from "graphile-worker";
import { getEnv } from "../server/lib/env";
import { pool } from "../server/lib/db";
import { taskList } from "./tasks";
import { cronItems } from "./crontab";
import { startDrainWakeup } from "../server/webhooks/drain-wakeup";

// The worker process: graphile-worker runs every task in the job catalog. Several
// workers may share one database; jobs are claimed with SKIP LOCKED.

/** Warnings and errors always; routine lines only when asked for. */
function workerLogger(verbose: boolean): Logger {
  return new Logger(() => (level, message) => {
    const name: string = level;
    if (name === "error" || name === "warning") console.error(`[worker] ${name}: ${message}`);
    else if (verbose && name === "info") console.log(`[worker] ${message}`);
  });
}

export async function startWorker(options: { concurrency?: number; verbose?: boolean } = {}): Promise<Runner> {
  const env = getEnv();
  const runner = await run({
    pgPool: pool(),
    concurrency: Math.min(options.concurrency ?? env.workerConcurrency, env.dbPoolSize - 2),
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    parsedCronItems: cronItems,
    logger: workerLogger(options.verbose ?? false),
  });
  const wakeup = await startDrainWakeup((error) => console.error(`[worker] drain wake-up: ${error.message}`));
  // Stop listening before the runner stops, so no enqueue races the shutdown.
  const stopRunner = runner.stop.bind(runner);
  runner.stop = async () => {
    await wakeup.stop();
    await stopRunner();
  };
  return runner;
}
