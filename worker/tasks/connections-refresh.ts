import type { Task } from "graphile-worker";
import { refreshExpiringTokens } from "../../server/connect/token-refresh";

// Refreshes access tokens about to expire; each refresh locks its connection row, so
// several workers running this at once never refresh one token twice.
export const connectionsRefresh: Task = async (_payload, helpers) => {
  const { refreshed, failed } = await refreshExpiringTokens();
  if (refreshed + failed > 0) helpers.logger.info(`token refresh: ${refreshed} refreshed, ${failed} failed`);
};
