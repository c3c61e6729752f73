import { transform } from "esbuild";
import { drainSandboxPool, runFunction, type FunctionInput, type HostHandler } from "../functions/sandbox";

// npm run bench:functions — a trivial Function through the sandbox (compile cache, warm
// instance, a fresh ctx, JSON in and out) against the same code called directly in Node,
// in one run: runs per second and the median overhead per run. A last row gives the cost
// of a Function's first run (new code every run: compile, module evaluation, no warm
// instance), for comparison.
//
// BENCH_RUNS (default 5000) runs per measurement after BENCH_WARMUP (default 1000).

const runs = Number(process.env.BENCH_RUNS ?? 5000);
const warmup = Number(process.env.BENCH_WARMUP ?? 1000);

const code = `export default async function (ctx) {
  return { id: ctx.event.payload.id, type: ctx.event.type, ok: true };
}`;

const input: FunctionInput = {
  event: { type: "contact.updated", payload: { id: 42, name: "Ada" }, provider: "hubspot", receivedAt: new Date().toISOString() },
  connection: { id: "acme", metadata: {}, endUser: null },
};
const host: HostHandler = { scope: "bench", call: () => Promise.reject(new Error("no host calls in this bench")) };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Measurement {
  runsPerSecond: number;
  p50: number;
  p99: number;
}

async function measure(n: number, once: () => Promise<unknown>, pauseMs = 0): Promise<Measurement> {
  const times: number[] = [];
  let busy = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await once();
    const took = performance.now() - started;
    times.push(took);
    busy += took;
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
  times.sort((a, b) => a - b);
  return { runsPerSecond: n / (busy / 1000), p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function directFunction(): Promise<(ctx: unknown) => Promise<unknown>> {
  // The same source compiled the same way, then evaluated in this process.
  const { code: js } = await transform(code, { loader: "ts", format: "cjs", target: "es2022" });
  const module = { exports: {} as { default?: (ctx: unknown) => Promise<unknown> } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the bench's reference: the user's code run directly in Node
  const load = new Function("module", "exports", js) as (m: typeof module, e: typeof module.exports) => void;
  load(module, module.exports);
  return module.exports.default!;
}

async function main(): Promise<void> {
  const direct = await directFunction();
  // A fair direct call: JSON in and out, like the sandbox boundary.
  const callDirect = async () => JSON.stringify(await direct(JSON.parse(JSON.stringify(input))));
  const callSandbox = async () => {
    const result = await runFunction({ code, input, timeoutMs: 30_000, memoryMb: 128, host });
    if (!result.ok) throw new Error(result.message);
  };

  await measure(warmup, callDirect);
  await measure(warmup, callSandbox);
  const directRun = await measure(runs, callDirect);
  const sandboxRun = await measure(runs, callSandbox);
  // Runs arriving with a little room between them, as webhooks do.
  const pacedRuns = Math.min(runs, 2000);
  const directPaced = await measure(pacedRuns, callDirect, 2);
  const sandboxPaced = await measure(pacedRuns, callSandbox, 2);
  // Every run a Function the sandbox has not seen: the cold path.
  const coldRuns = Math.min(runs, 500);
  let fresh = 0;
  const callCold = async () => {
    const result = await runFunction({ code: `${code}\n// ${fresh++}`, input, timeoutMs: 30_000, memoryMb: 128, host });
    if (!result.ok) throw new Error(result.message);
  };
  const directCold = await measure(coldRuns, callDirect);
  const sandboxCold = await measure(coldRuns, callCold);

  const row = (label: string, d: Measurement, s: Measurement) =>
    `${label.padEnd(28)} ${d.runsPerSecond.toFixed(0).padStart(12)} ${s.runsPerSecond.toFixed(0).padStart(12)}   ` +
    `${(d.p50 * 1000).toFixed(1).padStart(9)} ${(s.p50 * 1000).toFixed(1).padStart(9)} ${((s.p50 - d.p50) * 1000).toFixed(1).padStart(10)}   ` +
    `${(s.p99 * 1000).toFixed(1).padStart(9)}`;
  console.log(`Trivial Function, ${runs} runs after ${warmup} warm-up (times in µs)`);
  console.log(
    `${"".padEnd(28)} ${"direct/s".padStart(12)} ${"sandbox/s".padStart(12)}   ${"direct p50".padStart(9)} ${"sbx p50".padStart(9)} ${"overhead".padStart(10)}   ${"sbx p99".padStart(9)}`,
  );
  console.log(row("back to back", directRun, sandboxRun));
  console.log(row(`paced (2 ms apart, ${pacedRuns})`, directPaced, sandboxPaced));
  console.log(row(`first runs (new code, ${coldRuns})`, directCold, sandboxCold));
  drainSandboxPool();
}

await main();
