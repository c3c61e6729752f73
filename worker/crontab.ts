import { parseCronItems, type ParsedCronItem } from "graphile-worker";

// Periodic jobs. The drains are woken by the rows they process; the minutely sweep is
// a safety net (e.g. a lease that expired after a worker died). Missed runs need no
// catching up, so nothing is backfilled.
export const cronItems: ParsedCronItem[] = parseCronItems([
  { task: "webhooks.drain", match: "* * * * *", options: { jobKey: "webhooks.drain", backfillPeriod: 0 } },
  { task: "deliveries.drain", match: "* * * * *", options: { jobKey: "deliveries.drain", backfillPeriod: 0 } },
  { task: "pipelines.recover", match: "* * * * *", options: { jobKey: "pipelines.recover", backfillPeriod: 0 } },
  { task: "sessions.cleanup", match: "17 * * * *", options: { backfillPeriod: 0 } },
  { task: "connections.refresh", match: "* * * * *", options: { jobKey: "connections.refresh", backfillPeriod: 0 } },
]);
