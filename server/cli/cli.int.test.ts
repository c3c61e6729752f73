import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/harness";
import { findEnvironmentBySecretKey } from "../environments/environments.service";

// The CLI as automation runs it: `npx switchboard …` (here through its bin file), JSON on
// stdout, one line on stderr and a non-zero exit code on bad input.

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, "bin.js");
let database: TestDatabase;

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: database.url } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe("switchboard CLI", () => {
  it("migrate reports nothing left to apply on a migrated database", async () => {
    const result = await cli("migrate");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ applied: [] });
  });

  it("account create prints the account and its environments' keys", async () => {
    const result = await cli("account", "create", "--email", "cli@example.com", "--password", "a-long-password");
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as {
      accountId: string;
      environments: Array<{ name: string; publicId: string; secretKey: string; forwardSigningSecret: string }>;
    };
    expect(output.accountId).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.environments.map((e) => e.name)).toEqual(["dev", "prod"]);
    for (const env of output.environments) {
      expect(env.secretKey).toMatch(/^sk_/);
      expect(env.forwardSigningSecret).toMatch(/^whsec_/);
      expect((await findEnvironmentBySecretKey(env.secretKey))?.publicId).toBe(env.publicId);
    }
  });

  it("keys prints the same environments", async () => {
    const created = await cli("keys", "--email", "CLI@example.com");
    expect(created.code).toBe(0);
    const output = JSON.parse(created.stdout) as { environments: Array<{ name: string; secretKey: string }> };
    expect(output.environments.map((e) => e.name)).toEqual(["dev", "prod"]);
  });

  it("fails with one line and a non-zero exit on bad input", async () => {
    const cases = [
      { args: ["account", "create", "--email", "cli@example.com", "--password", "a-long-password"], message: /already exists/ },
      { args: ["account", "create", "--email", "not-an-email", "--password", "a-long-password"], message: /valid email/ },
      { args: ["account", "create", "--email", "short@example.com", "--password", "short"], message: /at least 8/ },
      { args: ["account", "create", "--password", "a-long-password"], message: /--email is required/ },
      { args: ["keys", "--email", "nobody@example.com"], message: /No account/ },
      { args: ["frobnicate"], message: /Unknown command/ },
    ];
    for (const { args, message } of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(" ")).not.toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr.split("\n")[0]).toMatch(/^switchboard: /);
      expect(result.stderr.split("\n")[0]).toMatch(message);
    }
  });
});
