import type { Task } from "graphile-worker";
import { sessionsCleanup } from "./sessions-cleanup";

export const taskList = {
  "sessions.cleanup": sessionsCleanup,
} satisfies Record<string, Task>;
