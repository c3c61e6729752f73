// Names shared by the tRPC server and the browser client; this module imports nothing
// so that client components can use it.

/** The environment (by name) a tRPC request is scoped to. */
export const ENVIRONMENT_HEADER = "x-switchboard-environment";

/** Remembers the environment selected in the dashboard across reloads (not a secret). */
export const ENVIRONMENT_COOKIE = "sb_env";

export const DEFAULT_ENVIRONMENT = "dev";
