import pg from "pg";
import { getEnv } from "../lib/env";
import { pool } from "../lib/db";
import { enqueue } from "../jobs/catalog";

// Workers listen for "webhooks stored" notifications and arm the drain job. Many
// notifications in a burst become one enqueue: the timer coalesces them, and a
// notification that arrives while an enqueue is in flight schedules another, so every
// commit is followed by an enqueue issued after it (a drain that has already started
// may have missed those rows; a fresh job will not).

export const WEBHOOKS_STORED_CHANNEL = "switchboard_webhooks_stored";
const COALESCE_MS = 10;

export interface DrainWakeup {
  stop(): Promise<void>;
}

export async function startDrainWakeup(onError: (error: Error) => void = () => {}): Promise<DrainWakeup> {
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let enqueueing = false;
  let dirty = false;

  const arm = async () => {
    timer = null;
    if (enqueueing) return;
    enqueueing = true;
    dirty = false;
    try {
      await enqueue(pool(), "webhooks.drain", {}, { jobKey: "webhooks.drain" });
    } catch (error) {
      onError(error as Error);
    } finally {
      enqueueing = false;
      if (dirty && !stopped) schedule();
    }
  };
  const schedule = () => {
    dirty = true;
    if (!timer && !enqueueing) timer = setTimeout(() => void arm(), COALESCE_MS);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: getEnv().databaseUrl });
    next.on("notification", schedule);
    next.on("error", (error) => {
      onError(error);
      next.end().catch(() => {});
      client = null;
      if (!stopped) setTimeout(() => void connect().catch(onError), 1000);
    });
    await next.connect();
    await next.query(`LISTEN ${WEBHOOKS_STORED_CHANNEL}`);
    client = next;
    // Anything stored while nobody listened.
    schedule();
  };
  await connect();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
