import type { Task } from "graphile-worker";
import { deleteExpiredSessions } from "../../server/auth/accounts.service";

export const sessionsCleanup: Task = async (_payload, helpers) => {
  const count = await deleteExpiredSessions();
  if (count > 0) helpers.logger.info(`removed ${count} expired or revoked sessions`);
};
