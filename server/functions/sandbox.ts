import ivm from "isolated-vm";
import { BOOTSTRAP_SOURCE } from "./bootstrap";
import { CompileError, compileFunction, mapStack, SCRIPT_FILENAME, type CompiledFunction } from "./compile";

// Runs user Functions in isolated-vm. Isolates are pooled per memory limit and reused
// with a fresh context per run (a new isolate costs milliseconds, a context far less).
// Creating a context costs about a millisecond, so each pooled isolate prepares its
// next context in the background when it is released; a run then finds one ready.
// A watchdog disposes the isolate at the wall-time limit, because the script timeout
// does not cover code that runs after an `await`. Any isolate that timed out, ran out
// of memory or served many runs is thrown away rather than returned to the pool.

export interface FunctionInput {
  event: { type: string; payload: unknown; provider: string; receivedAt: string; id?: string | null; objectId?: string | null };
  connection: { id: string; metadata: unknown; endUser: unknown } | null;
}

/** Host operations a Function can reach through ctx; each gets JSON args and returns JSON. */
export type HostHandler = (op: string, args: unknown) => Promise<unknown>;

export interface FunctionLog {
  level: "info" | "warn" | "error";
  message: string;
  at: string;
}

export type FunctionErrorKind = "compile" | "error" | "timeout" | "memory";

export type FunctionResult =
  | { ok: true; value: unknown; durationMs: number; logs: FunctionLog[] }
  | { ok: false; kind: FunctionErrorKind; message: string; stack: string; durationMs: number; logs: FunctionLog[] };

const MAX_RUNS_PER_ISOLATE = 5_000;
const MAX_IDLE_PER_LIMIT = 8;
/** Isolates kept per memory limit so that one with a ready context is usually at hand. */
const WARM_ISOLATES_PER_LIMIT = 4;
const MAX_SCRIPTS_PER_ISOLATE = 200;
const MAX_OUTPUT_CHARS = 5 * 1024 * 1024;
const MAX_LOG_LINES = 500;

interface RunHooks {
  host: HostHandler;
  log: (level: FunctionLog["level"], message: string) => void;
}

/**
 * A fresh context with the ctx API installed, made before it is needed. Its host
 * references answer only while `slot.run` is set, so a call the Function left running
 * after it returned can never act for a later run.
 */
interface PreparedContext {
  context: ivm.Context;
  slot: { run: RunHooks | null };
  /** The context's `__run`, fetched ahead: calling a reference is cheaper than compiling a closure. */
  run: ivm.Reference;
  refs: ivm.Reference[];
}

interface PooledIsolate {
  isolate: ivm.Isolate;
  memoryMb: number;
  bootstrap: ivm.Script;
  scripts: Map<string, ivm.Script>;
  runs: number;
  next: Promise<PreparedContext> | null;
  nextReady: boolean;
}

const idle = new Map<number, PooledIsolate[]>();

function createPooled(memoryMb: number): PooledIsolate {
  const isolate = new ivm.Isolate({ memoryLimit: memoryMb });
  const bootstrap = isolate.compileScriptSync(BOOTSTRAP_SOURCE, { filename: "bootstrap.js" });
  return { isolate, memoryMb, bootstrap, scripts: new Map(), runs: 0, next: null, nextReady: false };
}

async function makeContext(pooled: PooledIsolate): Promise<PreparedContext> {
  const context = await pooled.isolate.createContext();
  const slot: PreparedContext["slot"] = { run: null };
  const hostRef = new ivm.Reference(async (op: string, json: string) => {
    const run = slot.run;
    if (!run) throw new Error(`ctx.${op} was called after the Function returned`);
    const result = await run.host(op, JSON.parse(json) as unknown);
    return result === undefined ? null : JSON.stringify(result);
  });
  const logRef = new ivm.Reference((level: FunctionLog["level"], message: string) => slot.run?.log(level, message));
  await context.global.set("$host", hostRef);
  await context.global.set("$log", logRef);
  await pooled.bootstrap.run(context);
  const run: ivm.Reference = await context.global.get("__run", { reference: true });
  return { context, slot, run, refs: [hostRef, logRef, run] };
}

function disposePrepared(prepared: PreparedContext): void {
  prepared.slot.run = null;
  for (const ref of prepared.refs) ref.release();
  try {
    prepared.context.release();
  } catch {
    // The isolate is already gone.
  }
}

function prepareNext(pooled: PooledIsolate): void {
  pooled.nextReady = false;
  const next = makeContext(pooled);
  pooled.next = next;
  next.then(
    () => {
      if (pooled.next === next) pooled.nextReady = true;
    },
    () => {},
  );
}

function acquire(memoryMb: number): PooledIsolate {
  const list = (idle.get(memoryMb) ?? []).filter((p) => !p.isolate.isDisposed);
  idle.set(memoryMb, list);
  // Prefer an isolate whose next context is ready; while there are few, start another.
  const readyIndex = list.findIndex((p) => p.nextReady);
  if (readyIndex >= 0) return list.splice(readyIndex, 1)[0]!;
  if (list.length > 0 && list.length >= WARM_ISOLATES_PER_LIMIT) return list.shift()!;
  return createPooled(memoryMb);
}

async function takeContext(pooled: PooledIsolate): Promise<PreparedContext> {
  const next = pooled.next;
  pooled.next = null;
  pooled.nextReady = false;
  return next ?? makeContext(pooled);
}

function release(pooled: PooledIsolate): void {
  if (pooled.isolate.isDisposed) return;
  const list = idle.get(pooled.memoryMb) ?? [];
  if (pooled.runs >= MAX_RUNS_PER_ISOLATE || list.length >= MAX_IDLE_PER_LIMIT) {
    pooled.isolate.dispose();
    return;
  }
  prepareNext(pooled);
  list.push(pooled);
  idle.set(pooled.memoryMb, list);
}

function scriptFor(pooled: PooledIsolate, compiled: CompiledFunction): ivm.Script {
  let script = pooled.scripts.get(compiled.hash);
  if (!script) {
    script = pooled.isolate.compileScriptSync(compiled.code, { filename: SCRIPT_FILENAME });
    if (pooled.scripts.size >= MAX_SCRIPTS_PER_ISOLATE) pooled.scripts.clear();
    pooled.scripts.set(compiled.hash, script);
  }
  return script;
}

/** Disposes every pooled isolate (tests, shutdown). */
export function drainSandboxPool(): void {
  for (const list of idle.values()) for (const pooled of list) if (!pooled.isolate.isDisposed) pooled.isolate.dispose();
  idle.clear();
}

interface RawOutcome {
  ok: boolean;
  undefined?: boolean;
  value?: unknown;
  name?: string;
  message?: string;
  stack?: string;
}

export async function runFunction(input: {
  code: string;
  input: FunctionInput;
  timeoutMs: number;
  memoryMb: number;
  host: HostHandler;
}): Promise<FunctionResult> {
  const started = performance.now();
  const logs: FunctionLog[] = [];
  const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
  let compiled: CompiledFunction;
  try {
    compiled = await compileFunction(input.code);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    return { ok: false, kind: "compile", message: error.message, stack: "", durationMs: elapsed(), logs };
  }

  const pooled = acquire(input.memoryMb);
  pooled.runs++;
  const { isolate } = pooled;
  let timedOut = false;
  let prepared: PreparedContext | null = null;
  const hooks: RunHooks = {
    host: input.host,
    log: (level, message) => {
      if (logs.length < MAX_LOG_LINES) logs.push({ level, message: message.slice(0, 10_000), at: new Date().toISOString() });
    },
  };
  const watchdog = setTimeout(() => {
    timedOut = true;
    if (!isolate.isDisposed) isolate.dispose();
  }, input.timeoutMs);

  try {
    prepared = await takeContext(pooled);
    prepared.slot.run = hooks;
    const { context } = prepared;
    scriptFor(pooled, compiled).runSync(context, { timeout: input.timeoutMs });
    const json = (await prepared.run.apply(undefined, [JSON.stringify(input.input)], {
      arguments: { copy: true },
      result: { promise: true, copy: true },
      timeout: input.timeoutMs,
    })) as string;
    if (json.length > MAX_OUTPUT_CHARS) {
      return {
        ok: false,
        kind: "error",
        message: `The return value is too large (over ${MAX_OUTPUT_CHARS} characters of JSON)`,
        stack: "",
        durationMs: elapsed(),
        logs,
      };
    }
    const outcome = JSON.parse(json) as RawOutcome;
    if (outcome.ok) return { ok: true, value: outcome.undefined ? undefined : outcome.value, durationMs: elapsed(), logs };
    const stack = mapStack(outcome.stack ?? "", compiled.sourceMap);
    return {
      ok: false,
      kind: "error",
      message: `${outcome.name ?? "Error"}: ${outcome.message ?? ""}`,
      stack,
      durationMs: elapsed(),
      logs,
    };
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (timedOut || /timed out/i.test(message)) {
      if (!isolate.isDisposed) isolate.dispose();
      return {
        ok: false,
        kind: "timeout",
        message: `The Function did not finish within ${input.timeoutMs} ms`,
        stack: "",
        durationMs: elapsed(),
        logs,
      };
    }
    if (isolate.isDisposed || /memory limit/i.test(message)) {
      if (!isolate.isDisposed) isolate.dispose();
      return {
        ok: false,
        kind: "memory",
        message: `The Function exceeded its memory limit of ${input.memoryMb} MB`,
        stack: "",
        durationMs: elapsed(),
        logs,
      };
    }
    const stack = typeof (error as Error).stack === "string" ? mapStack((error as Error).stack!, compiled.sourceMap) : "";
    return { ok: false, kind: "error", message, stack, durationMs: elapsed(), logs };
  } finally {
    clearTimeout(watchdog);
    if (prepared) disposePrepared(prepared);
    release(pooled);
  }
}
