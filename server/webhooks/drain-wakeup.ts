import pg from "pg";
import { getEnv } from "../lib/env";
import { pool } from "../lib/db";
import { enqueue, type Queryable } from "../jobs/catalog";

// Workers listen for "webhooks stored" and "deliveries due" notifications and arm the
// matching drain job. Writers raise the notification inside their own transaction
// (Postgres delivers it at commit, once however often it was raised): unlike adding a
// keyed job there, it takes no row lock, so concurrent writers never wait for each other.
// Many notifications in a burst become one enqueue: the timer coalesces them, and a
// notification that arrives while an enqueue is in flight schedules another, so every
// commit is followed by an enqueue issued after it (a drain that has already started may
// have missed those rows; a fresh job will not). Anything written while no worker
// listened is found at worker start and by the minutely sweep.

export const WEBHOOKS_STORED_CHANNEL = "switchboard_webhooks_stored";
export const DELIVERIES_DUE_CHANNEL = "switchboard_deliveries_due";
const COALESCE_MS = 10;

const jobFor = {
  [WEBHOOKS_STORED_CHANNEL]: "webhooks.drain",
  [DELIVERIES_DUE_CHANNEL]: "deliveries.drain",
} as const;
type Channel = keyof typeof jobFor;

/** Wakes the deliveries drain once the caller's transaction commits. */
export async function wakeDeliveriesDrain(client: Queryable): Promise<void> {
  await client.query(`SELECT pg_notify('${DELIVERIES_DUE_CHANNEL}', '')`);
}

export interface DrainWakeup {
  stop(): Promise<void>;
}

function coalescer(channel: Channel, isStopped: () => boolean, onError: (error: Error) => void) {
  let timer: NodeJS.Timeout | null = null;
  let enqueueing = false;
  let dirty = false;
  const arm = async () => {
    timer = null;
    if (enqueueing) return;
    enqueueing = true;
    dirty = false;
    try {
      await enqueue(pool(), jobFor[channel], {}, { jobKey: jobFor[channel] });
    } catch (error) {
      onError(error as Error);
    } finally {
      enqueueing = false;
      if (dirty && !isStopped()) schedule();
    }
  };
  const schedule = () => {
    dirty = true;
    if (!timer && !enqueueing) timer = setTimeout(() => void arm(), COALESCE_MS);
  };
  return { schedule, cancel: () => timer && clearTimeout(timer) };
}

export async function startDrainWakeup(onError: (error: Error) => void = () => {}): Promise<DrainWakeup> {
  let client: pg.Client | null = null;
  let stopped = false;
  const channels = Object.keys(jobFor) as Channel[];
  const wakers = new Map(channels.map((channel) => [channel, coalescer(channel, () => stopped, onError)]));

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: getEnv().databaseUrl });
    next.on("notification", (message) => wakers.get(message.channel as Channel)?.schedule());
    next.on("error", (error) => {
      onError(error);
      next.end().catch(() => {});
      client = null;
      if (!stopped) setTimeout(() => void connect().catch(onError), 1000);
    });
    await next.connect();
    for (const channel of channels) await next.query(`LISTEN ${channel}`);
    client = next;
    // Anything written while nobody listened.
    for (const waker of wakers.values()) waker.schedule();
  };
  await connect();

  return {
    async stop() {
      stopped = true;
      for (const waker of wakers.values()) waker.cancel();
      await client?.end().catch(() => {});
    },
  };
}
