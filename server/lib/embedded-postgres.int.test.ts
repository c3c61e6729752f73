import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirInUseError, startEmbeddedPostgres } from "./embedded-postgres";

// One Switchboard per data folder: a second start while the first runs must fail with a
// message that says what to do, and must not disturb the running one.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("embedded Postgres data folder", () => {
  it("refuses a second start on a folder in use, then starts once the first has stopped", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "switchboard-lock-"));
    dirs.push(dir);
    const module = path.resolve(import.meta.dirname, "embedded-postgres.ts");
    const first = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { startEmbeddedPostgres } = await import(${JSON.stringify(module)});
         const db = await startEmbeddedPostgres(${JSON.stringify(dir)}, () => {});
         console.log("ready");
         process.stdin.once("data", async () => { await db.stop(); process.exit(0); });`,
      ],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      first.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      first.once("exit", (code) => reject(new Error(`first start exited with ${code}`)));
    });

    const second = startEmbeddedPostgres(dir, () => {});
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(second).rejects.toThrow(/already running on the data folder .* Stop it first, or set SWITCHBOARD_DATA_DIR/);

    first.stdin.write("stop\n");
    await new Promise((resolve) => first.once("exit", resolve));
    const third = await startEmbeddedPostgres(dir, () => {});
    expect(third.databaseUrl).toMatch(/^postgresql:\/\/postgres:.+@127\.0\.0\.1:\d+\/switchboard$/);
    await third.stop();
  });
});
