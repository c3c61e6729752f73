import { afterAll, describe, expect, it } from "vitest";
import { drainSandboxPool, runFunction, type HostHandler } from "./sandbox";

const input = {
  event: { type: "contact.updated", payload: { id: 7, name: "Ada" }, provider: "hubspot", receivedAt: "2026-01-01T00:00:00.000Z" },
  connection: { id: "acme", metadata: { plan: "pro" }, endUser: null },
};
const host: HostHandler = (op, args) =>
  op === "proxy" ? Promise.resolve({ status: 200, headers: {}, data: { echoed: args } }) : Promise.reject(new Error(`no ${op} here`));
const run = (code: string, limits: { timeoutMs?: number; memoryMb?: number } = {}) =>
  runFunction({ code, input, timeoutMs: limits.timeoutMs ?? 2000, memoryMb: limits.memoryMb ?? 64, host });

afterAll(() => drainSandboxPool());

describe("Function sandbox", () => {
  it("runs TypeScript with ctx, host calls and logs; JSON out", async () => {
    const result = await run(`
      interface Contact { id: number; name: string }
      export default async function (ctx) {
        const contact = ctx.event.payload as Contact;
        ctx.log.info("got", contact.id);
        console.warn({ plan: ctx.getMetadata()?.plan });
        const extra = await ctx.proxy({ method: "GET", endpoint: "/contacts/" + contact.id });
        return { ...contact, extra: extra.data, connection: ctx.connection?.id };
      }`);
    expect(result).toMatchObject({
      ok: true,
      value: { id: 7, name: "Ada", extra: { echoed: { method: "GET", endpoint: "/contacts/7" } }, connection: "acme" },
    });
    expect(result.logs.map((l) => [l.level, l.message])).toEqual([
      ["info", "got 7"],
      ["warn", '{"plan":"pro"}'],
    ]);
  });

  it("returns undefined as undefined", async () => {
    expect(await run("export default async () => {}")).toMatchObject({ ok: true, value: undefined });
  });

  it("maps a throw to the user's source line", async () => {
    const result = await run(
      "type A = { a: number };\n\nexport default async () => {\n  const a: A = { a: 1 };\n  throw new Error('boom ' + a.a);\n};",
    );
    expect(result).toMatchObject({ ok: false, kind: "error", message: "Error: boom 1" });
    expect(!result.ok && result.stack).toContain("function.ts:5:");
    expect(!result.ok && result.stack).not.toContain("bootstrap");
  });

  it("does not leak state between runs (a fresh context each time)", async () => {
    const code =
      "let n = 0; export default async () => { (globalThis as any).seen = ((globalThis as any).seen ?? 0) + 1; return ++n + (globalThis as any).seen; }";
    for (let i = 0; i < 3; i++) expect(await run(code)).toMatchObject({ ok: true, value: 2 });
  });

  it.each([
    ["process", "export default async () => process.exit(1)", /process is not defined/],
    ["require", "export default async () => require('fs').readFileSync('/etc/passwd', 'utf8')", /require is not defined/],
    [
      "globalThis.constructor",
      "export default async () => globalThis.constructor.constructor('return process')().exit(1)",
      /process is not defined/,
    ],
    [
      "Function('return this')",
      "export default async () => Function('return this')().process.exit(1)",
      /Cannot read properties of undefined/,
    ],
    ["setTimeout", "export default async () => new Promise((r) => setTimeout(r, 10))", /setTimeout is not defined/],
  ])("%s fails the run with a clear error", async (_, code, message) => {
    const result = await run(code);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  it.each([
    ["an infinite loop", "export default async () => { while (true) {} }"],
    ["a loop after an await", "export default async () => { await null; while (true) {} }"],
    ["an endless await chain", "export default async () => { while (true) { await null; } }"],
  ])("stops %s at the time limit", async (_, code) => {
    const result = await run(code, { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, kind: "timeout", message: "The Function did not finish within 300 ms" });
    expect(result.durationMs).toBeLessThan(2000);
  });

  it("stops a memory bomb at the memory limit", async () => {
    const result = await run("export default async () => { const a = []; while (true) a.push(new Array(1e6).fill(1)); }", { memoryMb: 32 });
    expect(result).toMatchObject({ ok: false, kind: "memory" });
  });

  it("refuses a 1 GB allocation", async () => {
    const result = await run("export default async () => new Uint8Array(1024 * 1024 * 1024).length", { memoryMb: 32 });
    expect(result.ok).toBe(false);
  });

  it("keeps serving after failures, and reports host errors and compile errors", async () => {
    expect(await run("export default async (ctx) => ctx.forward({ a: 1 })")).toMatchObject({
      ok: false,
      message: expect.stringContaining("no forward here") as unknown,
    });
    expect(await run("export default async (ctx) => { return ctx. }")).toMatchObject({ ok: false, kind: "compile" });
    expect(await run("export default async (ctx) => ctx.event.payload.id * 6")).toMatchObject({ ok: true, value: 42 });
  });
});
