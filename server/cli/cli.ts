import { parseArgs } from "node:util";
import { resolveDatabase, type ResolvedDatabase } from "../lib/runtime";
import { migrate } from "../lib/migrate";

// npx switchboard migrate
// npx switchboard account create --email E --password P
// npx switchboard keys --email E
// Output is JSON on stdout; errors are one line on stderr with a non-zero exit code.

const usage = `Usage:
  switchboard migrate
  switchboard account create --email <email> --password <password>
  switchboard keys --email <email>`;

class UsageError extends Error {}

function quietLog(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function withDatabase<T>(work: (database: ResolvedDatabase) => Promise<T>): Promise<T> {
  const database = await resolveDatabase({ log: quietLog, reuseRunning: true });
  try {
    if (database.encryptionKey) process.env.SWITCHBOARD_ENCRYPTION_KEY = database.encryptionKey;
    process.env.DATABASE_URL = database.databaseUrl;
    await migrate(database.databaseUrl);
    return await work(database);
  } finally {
    const { closeDb } = await import("../lib/db");
    await closeDb();
    await database.release();
  }
}

function requireOption(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.length === 0) throw new UsageError(`--${name} is required`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: "string" }, password: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const command = positionals.join(" ");
  if (values.help || command === "" || command === "help") {
    console.log(usage);
    return;
  }
  if (command === "migrate") {
    await withDatabase(async (database) => {
      const { applied } = await migrate(database.databaseUrl);
      console.log(JSON.stringify({ applied }));
    });
    return;
  }
  if (command === "account create") {
    const email = requireOption(values, "email");
    const password = requireOption(values, "password");
    await withDatabase(async () => {
      const { createAccount, environmentKeys } = await import("../auth/accounts.service");
      const { accountId, environments } = await createAccount({ email, password });
      console.log(JSON.stringify({ accountId, environments: environments.map(environmentKeys) }, null, 2));
    });
    return;
  }
  if (command === "keys") {
    const email = requireOption(values, "email");
    await withDatabase(async () => {
      const { findUserByEmail, environmentKeys } = await import("../auth/accounts.service");
      const { listEnvironments } = await import("../environments/environments.service");
      const user = await findUserByEmail(email);
      if (!user) throw new Error(`No account with the email ${email}`);
      const environments = await listEnvironments(user.accountId);
      console.log(JSON.stringify({ accountId: user.accountId, environments: environments.map(environmentKeys) }, null, 2));
    });
    return;
  }
  throw new UsageError(`Unknown command "${command}"`);
}

main(process.argv.slice(2)).catch(async (error: unknown) => {
  const { ZodError } = await import("zod");
  const message =
    error instanceof ZodError ? (error.issues[0]?.message ?? "Invalid input") : error instanceof Error ? error.message : String(error);
  process.stderr.write(`switchboard: ${message}\n`);
  if (error instanceof UsageError) process.stderr.write(`${usage}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
