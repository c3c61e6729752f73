import { parseCronItems, type ParsedCronItem } from "graphile-worker";

// Periodic jobs. Missed runs of clean-up jobs need no catching up, so no backfill.
export const cronItems: ParsedCronItem[] = parseCronItems([{ task: "sessions.cleanup", match: "17 * * * *" }]);
