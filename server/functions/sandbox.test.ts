import { afterAll, describe, expect, it } from "vitest";
import { drainSandboxPool, runFunction, type HostHandler } from "./sandbox";

const input = {
  event: { type: "contact.updated", payload: { id: 7, name: "Ada" }, provider: "hubspot", receivedAt: "2026-01-01T00:00:00.000Z" },
  connection: { id: "acme", metadata: { plan: "pro" }, endUser: null },
};
const host: HostHandler = {
  scope: "env-1",
  call: (op, args) =>
    op === "proxy" ? Promise.resolve({ status: 200, headers: {}, data: { echoed: args } }) : Promise.reject(new Error(`no ${op} here`)),
};
const run = (
  code: string,
  limits: { timeoutMs?: number; memoryMb?: number } = {},
  options: { host?: HostHandler; payload?: unknown } = {},
) =>
  runFunction({
    code,
    input: options.payload === undefined ? input : { ...input, event: { ...input.event, payload: options.payload } },
    timeoutMs: limits.timeoutMs ?? 2000,
    memoryMb: limits.memoryMb ?? 64,
    host: options.host ?? host,
  });

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

  it("keeps every log line written just before the Function returns or throws, in order", async () => {
    for (let round = 0; round < 5; round++) {
      const ok = await run(`export default async (ctx) => {
        await ctx.proxy({ endpoint: "/x" });
        for (let i = 0; i < 50; i++) console.log("line", i);
        return 1;
      }`);
      expect(ok.logs.map((l) => l.message)).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i}`));
      const failed = await run(`export default async (ctx) => {
        await ctx.proxy({ endpoint: "/x" });
        ctx.log.warn("before");
        throw new Error("after");
      }`);
      expect(failed.logs.map((l) => l.message)).toEqual(["before"]);
    }
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

  it("keeps a Function's module state between its runs in one scope, with a fresh ctx each run", async () => {
    const code =
      "let n = 0;\nlet kept: unknown;\nexport default async (ctx) => {\n  const fresh = kept !== ctx;\n  kept = ctx;\n  return { n: ++n, fresh };\n};";
    for (let n = 1; n <= 3; n++) expect(await run(code)).toMatchObject({ ok: true, value: { n, fresh: true } });
  });

  it("runs concurrent runs of one Function in separate instances", async () => {
    const slow: HostHandler = {
      scope: "concurrent",
      call: () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, headers: {}, data: null }), 50)),
    };
    const code =
      "let n = 0;\nexport default async (ctx) => {\n  const mine = ++n;\n  await ctx.proxy({ endpoint: '/x' });\n  return { mine, n };\n};";
    const both = await Promise.all([run(code, {}, { host: slow }), run(code, {}, { host: slow })]);
    expect(both).toMatchObject([
      { ok: true, value: { mine: 1, n: 1 } },
      { ok: true, value: { mine: 1, n: 1 } },
    ]);
  });

  it("does not share globals between different Functions", async () => {
    const writer =
      "export default async () => {\n  (globalThis as any).secret = 'from the writer';\n  (Object.prototype as any).polluted = true;\n  return 'written';\n};";
    const reader = "export default async () => ({ secret: (globalThis as any).secret ?? null, polluted: ({} as any).polluted ?? null});";
    expect(await run(writer)).toMatchObject({ ok: true, value: "written" });
    expect(await run(writer)).toMatchObject({ ok: true, value: "written" });
    expect(await run(reader)).toMatchObject({ ok: true, value: { secret: null, polluted: null } });
  });

  it("does not share the same code's globals between scopes (environments, accounts)", async () => {
    const code =
      "export default async (ctx) => {\n  const g = globalThis as any;\n  g.seen = [...(g.seen ?? []), ctx.event.payload.who];\n  return g.seen;\n};";
    const account = (scope: string): HostHandler => ({ scope, call: host.call });
    expect(await run(code, {}, { host: account("account-a"), payload: { who: "a" } })).toMatchObject({ value: ["a"] });
    expect(await run(code, {}, { host: account("account-b"), payload: { who: "b" } })).toMatchObject({ value: ["b"] });
    expect(await run(code, {}, { host: account("account-a"), payload: { who: "a" } })).toMatchObject({ value: ["a", "a"] });
  });

  it("refuses ctx calls from a ctx kept from an earlier run", async () => {
    const calls: string[] = [];
    const recording: HostHandler = {
      scope: "recording",
      call: (op) => {
        calls.push(op);
        return Promise.resolve(null);
      },
    };
    const code =
      "let old: any;\nexport default async (ctx) => {\n  if (!old) { old = ctx; return 'kept'; }\n  try { await old.forward({ stale: true }); return 'forwarded'; } catch (e) { return String((e as Error).message); }\n};";
    expect(await run(code, {}, { host: recording })).toMatchObject({ ok: true, value: "kept" });
    expect(await run(code, {}, { host: recording })).toMatchObject({
      ok: true,
      value: "ctx.forward was called after the Function returned",
    });
    expect(calls).toEqual([]);
  });

  it.each([
    ["timed out", "loop", { timeoutMs: 300, memoryMb: 64 }, "timeout"],
    ["ran out of memory", "bomb", { timeoutMs: 5000, memoryMb: 32 }, "memory"],
    ["threw", "throw", { timeoutMs: 2000, memoryMb: 64 }, "error"],
  ])("does not reuse an instance whose run %s", async (_, mode, limits, kind) => {
    const code = `let n = 0;
export default async (ctx) => {
  n++;
  const mode = ctx.event.payload.mode;
  if (mode === "loop") { await null; while (true) {} }
  if (mode === "bomb") { const a = []; while (true) a.push(new Array(1e6).fill(n)); }
  if (mode === "throw") throw new Error("broken on purpose");
  return n;
};
// ${mode}`;
    const scoped: HostHandler = { scope: `reuse-${mode}`, call: host.call };
    expect(await run(code, limits, { host: scoped, payload: {} })).toMatchObject({ ok: true, value: 1 });
    expect(await run(code, limits, { host: scoped, payload: {} })).toMatchObject({ ok: true, value: 2 });
    expect(await run(code, limits, { host: scoped, payload: { mode } })).toMatchObject({ ok: false, kind });
    expect(await run(code, limits, { host: scoped, payload: {} })).toMatchObject({ ok: true, value: 1 });
  });

  it("does not reuse an instance that returned with a ctx call in flight, and lets that call finish", async () => {
    let finished = 0;
    const slow: HostHandler = {
      scope: "slow",
      call: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        finished++;
        return { status: 200, headers: {}, data: null };
      },
    };
    const code =
      "let n = 0;\nexport default async (ctx) => {\n  n++;\n  if (ctx.event.payload.dangling) void ctx.proxy({ endpoint: '/slow' });\n  return n;\n};";
    expect(await run(code, {}, { host: slow, payload: {} })).toMatchObject({ value: 1 });
    expect(await run(code, {}, { host: slow, payload: { dangling: true } })).toMatchObject({ value: 2 });
    expect(await run(code, {}, { host: slow, payload: {} })).toMatchObject({ value: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(finished).toBe(1);
    expect(await run(code, {}, { host: slow, payload: {} })).toMatchObject({ value: 2 });

    // Timed out while a call is in flight: the call still finishes, nothing else breaks.
    const stuck = "export default async (ctx) => {\n  void ctx.proxy({ endpoint: '/slow' });\n  await null;\n  while (true) {}\n};";
    expect(await run(stuck, { timeoutMs: 50 }, { host: slow })).toMatchObject({ ok: false, kind: "timeout" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(finished).toBe(2);
    expect(await run(code, {}, { host: slow, payload: {} })).toMatchObject({ value: 3 });
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
