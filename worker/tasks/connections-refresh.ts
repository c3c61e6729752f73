import type { Task } from "graphile-worker";
import { refreshExpiringTokens } from "../../server/connect/token-refresh";
import { deleteExpiredConnectSessions } from "../../server/connect/connect.service";

// Refreshes access tokens about to expire; each refresh locks its connection row, so
// several workers running this at once never refresh one token twice.
export const connectionsRefresh: Task = async (_payload, helpers) => {
  const { refreshed, failed } = await refreshExpiringTokens();
  if (refreshed + failed > 0) helpers.logger.info(`token refresh: ${refreshed} refreshed, ${failed} failed`);
  // Housekeeping rides along: expired connect sessions and their OAuth states go a day later.
  const removed = await deleteExpiredConnectSessions();
  if (removed > 0) helpers.logger.info(`removed ${removed} expired connect sessions`);
};
