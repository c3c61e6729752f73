import ivm from "isolated-vm";
import { BOOTSTRAP_SOURCE } from "./bootstrap";
import { CompileError, compileFunction, mapStack, SCRIPT_FILENAME, type CompiledFunction } from "./compile";

// Runs user Functions in isolated-vm, the way serverless platforms run warm instances.
// An instance is one isolate with one context in which one Function's module has been
// evaluated; it serves later runs of the same compiled code for the same scope (one
// environment, live or test runs), one run at a time, each with a fresh `ctx`. So module-level
// state may persist between runs of the same Function, and never crosses to another Function,
// environment or account: those never share an isolate. A warm run costs one call into the
// isolate; a cold run takes a blank instance prepared ahead (isolate, context, ctx API) and
// evaluates the module in it.
//
// A watchdog disposes the isolate at the wall-time limit, because the script timeout does
// not cover code that runs after an `await`. An instance is never reused after a run that
// failed, timed out or ran out of memory, that returned with ctx calls still in flight, or
// when its heap has grown past half its limit. Idle instances are bounded in number, in
// total heap and in idle time, least recently used first out.

export interface FunctionInput {
  event: { type: string; payload: unknown; provider: string; receivedAt: string; id?: string | null; objectId?: string | null };
  connection: { id: string; metadata: unknown; endUser: unknown } | null;
}

/** What a Function's ctx reaches on the host, and on whose behalf. */
export interface HostHandler {
  /** Warm instances are shared only between runs of the same code with the same scope. */
  scope: string;
  /** A host operation (`proxy`, `records.save`, …): JSON args in, JSON out. */
  call: (op: string, args: unknown) => Promise<unknown>;
}

export interface FunctionLog {
  level: "info" | "warn" | "error";
  message: string;
  at: string;
}

export type FunctionErrorKind = "compile" | "error" | "timeout" | "memory";

export type FunctionResult =
  | { ok: true; value: unknown; durationMs: number; logs: FunctionLog[] }
  | { ok: false; kind: FunctionErrorKind; message: string; stack: string; durationMs: number; logs: FunctionLog[] };

const MAX_WARM_INSTANCES = 64;
/** As many as the worker runs jobs at once by default, so a busy Function stays warm. */
const MAX_WARM_PER_FUNCTION = 8;
/** Sum of the heaps of idle instances, measured when each was last released. */
const MAX_WARM_HEAP_BYTES = 256 * 1024 * 1024;
const MAX_IDLE_MS = 5 * 60_000;
const MAX_RUNS_PER_INSTANCE = 10_000;
/** Memory limits for which a blank instance is kept ready. */
const MAX_SPARE_LIMITS = 4;
const MAX_OUTPUT_CHARS = 5 * 1024 * 1024;
const MAX_LOG_LINES = 500;
/** How long a finished run waits for log lines still on their way from the isolate. */
const LOG_ARRIVAL_WAIT_MS = 100;
const MB = 1024 * 1024;

interface RunHooks {
  id: number;
  host: HostHandler;
  log: (level: FunctionLog["level"], message: string) => void;
  /** Resolves once `count` log lines of the run have arrived (or after a short wait). */
  logsArrived: (count: number) => Promise<void>;
}

interface Instance {
  isolate: ivm.Isolate;
  context: ivm.Context;
  memoryMb: number;
  /** The context's `__run`, fetched once: calling a reference is cheaper than compiling a closure. */
  run: ivm.Reference;
  refs: ivm.Reference[];
  /** Set when the Function's module has been evaluated in the context. */
  key: string | null;
  /** The run the host references answer for. */
  current: RunHooks | null;
  runs: number;
  pendingCalls: number;
  retired: boolean;
  heapBytes: number;
  lastUsed: number;
  generation: number;
}

let generation = 0;
let runIds = 0;
/** Idle warm instances per key, most recently used last. */
const idle = new Map<string, Instance[]>();
/** Every idle warm instance, least recently used first. */
const lru = new Set<Instance>();
let idleHeapBytes = 0;
/** One blank instance being prepared or ready, per memory limit. */
const spares = new Map<number, Promise<Instance>>();
let sweeper: NodeJS.Timeout | null = null;

async function createBlank(memoryMb: number): Promise<Instance> {
  const isolate = new ivm.Isolate({ memoryLimit: memoryMb });
  try {
    const context = await isolate.createContext();
    // The references close over `instance`, which exists before any user code can call them.
    const callHost = async (runId: number, op: string, json: string): Promise<string | null> => {
      const run = instance.current;
      if (!run || run.id !== runId) throw new Error(`ctx.${op} was called after the Function returned`);
      instance.pendingCalls++;
      try {
        const result = await run.host.call(op, JSON.parse(json) as unknown);
        return result === undefined ? null : JSON.stringify(result);
      } finally {
        instance.pendingCalls--;
        if (instance.retired && instance.pendingCalls === 0) dispose(instance);
      }
    };
    const hostRef = new ivm.Reference((runId: number, op: string, json: string) => {
      const promise = callHost(runId, op, json);
      // The rejection is the Function's to handle, inside the isolate; not an unhandled one here.
      promise.catch(() => {});
      return promise;
    });
    const logRef = new ivm.Reference((runId: number, level: FunctionLog["level"], message: string) => {
      if (instance.current?.id === runId) instance.current.log(level, message);
    });
    await context.global.set("$host", hostRef);
    await context.global.set("$log", logRef);
    await isolate.compileScriptSync(BOOTSTRAP_SOURCE, { filename: "bootstrap.js" }).run(context);
    const run: ivm.Reference = await context.global.get("__run", { reference: true });
    const instance: Instance = {
      isolate,
      context,
      memoryMb,
      run,
      refs: [hostRef, logRef, run],
      key: null,
      current: null,
      runs: 0,
      pendingCalls: 0,
      retired: false,
      heapBytes: 0,
      lastUsed: 0,
      generation,
    };
    return instance;
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

function refillSpare(memoryMb: number): void {
  const spare = createBlank(memoryMb);
  // A spare that failed to build is dropped; the next run builds its own.
  spare.catch(() => spares.get(memoryMb) === spare && spares.delete(memoryMb));
  spares.set(memoryMb, spare);
  while (spares.size > MAX_SPARE_LIMITS) {
    const [oldestLimit, oldest] = spares.entries().next().value!;
    spares.delete(oldestLimit);
    void oldest.then(dispose, () => {});
  }
}

/** A blank instance: the one prepared ahead when there is one. */
async function takeBlank(memoryMb: number): Promise<Instance> {
  const spare = spares.get(memoryMb);
  spares.delete(memoryMb);
  const instance = spare ? await spare.catch(() => null) : null;
  return instance && !instance.isolate.isDisposed ? instance : createBlank(memoryMb);
}

/**
 * Prepares the next blank instance once the run that took one has answered: creating an
 * isolate blocks the thread for milliseconds, which should not delay that run's result.
 */
function replaceSpare(memoryMb: number): void {
  setImmediate(() => {
    if (!spares.has(memoryMb)) refillSpare(memoryMb);
  });
}

function dispose(instance: Instance): void {
  instance.current = null;
  const refs = instance.refs;
  instance.refs = [];
  try {
    for (const ref of refs) ref.release();
    instance.context.release();
  } catch {
    // The isolate is already gone (the watchdog or the memory limit disposed it).
  }
  if (!instance.isolate.isDisposed) instance.isolate.dispose();
}

/** Takes an instance out of service; disposed once no ctx call of it is still running on the host. */
function retire(instance: Instance): void {
  instance.retired = true;
  instance.current = null;
  if (instance.pendingCalls === 0) dispose(instance);
}

function removeIdle(instance: Instance): void {
  if (!lru.delete(instance)) return;
  idleHeapBytes -= instance.heapBytes;
  const list = idle.get(instance.key!);
  if (!list) return;
  const at = list.indexOf(instance);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) idle.delete(instance.key!);
}

function takeWarm(key: string): Instance | null {
  const list = idle.get(key);
  while (list && list.length > 0) {
    const instance = list[list.length - 1]!;
    removeIdle(instance);
    if (!instance.isolate.isDisposed) return instance;
  }
  return null;
}

function sweep(): void {
  const cutoff = Date.now() - MAX_IDLE_MS;
  for (const instance of lru) {
    if (instance.lastUsed >= cutoff) break;
    removeIdle(instance);
    retire(instance);
  }
  if (lru.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = null;
  }
}

/** Back into the warm pool, or out of service when it should not serve again. */
function release(instance: Instance, reusable: boolean): void {
  instance.current = null;
  const keep =
    reusable &&
    instance.key !== null &&
    instance.generation === generation &&
    !instance.isolate.isDisposed &&
    instance.pendingCalls === 0 &&
    instance.runs < MAX_RUNS_PER_INSTANCE &&
    (idle.get(instance.key)?.length ?? 0) < MAX_WARM_PER_FUNCTION;
  if (keep) instance.heapBytes = instance.isolate.getHeapStatisticsSync().used_heap_size;
  // An instance whose module state has grown past half its limit would soon fail a run.
  if (!keep || instance.heapBytes > (instance.memoryMb * MB) / 2) {
    retire(instance);
    return;
  }
  instance.lastUsed = Date.now();
  const list = idle.get(instance.key!) ?? [];
  list.push(instance);
  idle.set(instance.key!, list);
  lru.add(instance);
  idleHeapBytes += instance.heapBytes;
  for (const oldest of lru) {
    if (lru.size <= MAX_WARM_INSTANCES && idleHeapBytes <= MAX_WARM_HEAP_BYTES) break;
    removeIdle(oldest);
    retire(oldest);
  }
  sweeper ??= setInterval(sweep, 30_000).unref();
}

/** Disposes every idle and spare instance; instances running now are disposed when they finish (tests, shutdown). */
export function drainSandboxPool(): void {
  generation++;
  for (const instance of [...lru]) {
    removeIdle(instance);
    retire(instance);
  }
  for (const spare of spares.values()) void spare.then(dispose, () => {});
  spares.clear();
}

interface RawOutcome {
  ok: boolean;
  undefined?: boolean;
  value?: unknown;
  name?: string;
  message?: string;
  stack?: string;
  /** How many log lines the run sent. */
  logs?: number;
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

  const key = `${input.memoryMb}\u0000${input.host.scope}\u0000${compiled.hash}`;
  let received = 0;
  let awaited: { count: number; resolve: () => void } | null = null;
  const hooks: RunHooks = {
    id: ++runIds,
    host: input.host,
    log: (level, message) => {
      received++;
      if (logs.length < MAX_LOG_LINES) logs.push({ level, message: message.slice(0, 10_000), at: new Date().toISOString() });
      if (awaited && received >= awaited.count) awaited.resolve();
    },
    logsArrived: (count) =>
      received >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, LOG_ARRIVAL_WAIT_MS);
            awaited = {
              count,
              resolve: () => {
                clearTimeout(timer);
                resolve();
              },
            };
          }),
  };
  let instance: Instance | null = takeWarm(key);
  const cold = instance === null;
  let timedOut = false;
  let reusable = false;
  const watchdog = setTimeout(() => {
    timedOut = true;
    if (instance && !instance.isolate.isDisposed) instance.isolate.dispose();
  }, input.timeoutMs);

  try {
    if (!instance) {
      instance = await takeBlank(input.memoryMb);
      if (timedOut) throw new Error("timed out");
      instance.isolate
        .compileScriptSync(compiled.code, { filename: SCRIPT_FILENAME })
        .runSync(instance.context, { timeout: input.timeoutMs });
      instance.key = key;
    }
    instance.runs++;
    instance.current = hooks;
    const json = (await instance.run.apply(undefined, [JSON.stringify(input.input), hooks.id], {
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
    // Log lines are sent without waiting and can arrive after the outcome.
    await hooks.logsArrived(outcome.logs ?? 0);
    if (outcome.ok) {
      reusable = true;
      return { ok: true, value: outcome.undefined ? undefined : outcome.value, durationMs: elapsed(), logs };
    }
    return {
      ok: false,
      kind: "error",
      message: `${outcome.name ?? "Error"}: ${outcome.message ?? ""}`,
      stack: mapStack(outcome.stack ?? "", compiled.sourceMap),
      durationMs: elapsed(),
      logs,
    };
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (timedOut || /timed out/i.test(message)) {
      return {
        ok: false,
        kind: "timeout",
        message: `The Function did not finish within ${input.timeoutMs} ms`,
        stack: "",
        durationMs: elapsed(),
        logs,
      };
    }
    if (instance?.isolate.isDisposed || /memory limit/i.test(message)) {
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
    if (instance) release(instance, reusable);
    if (cold) replaceSpare(input.memoryMb);
  }
}
