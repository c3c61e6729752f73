// The script that runs in each fresh context before the user's code: it defines `__run`,
// which builds a fresh `ctx` around two host references, calls the default export and
// always resolves to a JSON string (errors included), so nothing but JSON crosses the
// boundary. Host references are removed from the global before user code runs.
//
// A context serves many runs of one Function, one at a time. Every host call carries the
// id of the run whose ctx made it, and the host answers only the run in progress: a ctx
// kept in module state, or a call left running after a run returned, cannot act for a
// later run. console.* logs into the run in progress.

export const BOOTSTRAP_SOURCE = String.raw`
"use strict";
(function (global) {
  const host = global.$host;
  const logRef = global.$log;
  delete global.$host;
  delete global.$log;
  let activeRun = 0;
  const call = (runId, op, args) =>
    host
      .apply(undefined, [runId, op, JSON.stringify(args === undefined ? null : args)], {
        arguments: { copy: true },
        result: { promise: true, copy: true },
      })
      .then((r) => (r === undefined || r === null ? undefined : JSON.parse(r)));
  const show = (a) => {
    if (typeof a === "string") return a;
    if (a instanceof Error) return a.stack || String(a);
    try {
      const s = JSON.stringify(a);
      return s === undefined ? String(a) : s;
    } catch (e) {
      return String(a);
    }
  };
  // Log lines travel to the host without waiting for it; each run's outcome says how many
  // it sent, so that the host can wait for the last ones before it closes the run.
  const sent = new Map();
  const logger = (runId, level) => (...args) => {
    const id = runId();
    sent.set(id, (sent.get(id) || 0) + 1);
    logRef.applyIgnored(undefined, [id, level, args.map(show).join(" ")], { arguments: { copy: true } });
  };
  const logsSent = (runId) => {
    const n = sent.get(runId) || 0;
    sent.delete(runId);
    return n;
  };
  const logFor = (runId) => Object.freeze({ info: logger(runId, "info"), warn: logger(runId, "warn"), error: logger(runId, "error") });
  const consoleLog = logFor(() => activeRun);
  Object.defineProperty(global, "console", {
    value: Object.freeze({ log: consoleLog.info, info: consoleLog.info, debug: consoleLog.info, warn: consoleLog.warn, error: consoleLog.error }),
  });
  const copy = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  Object.defineProperty(global, "__run", {
    value: async function (inputJson, runId) {
      activeRun = runId;
      const input = JSON.parse(inputJson);
      let metadata = input.connection ? input.connection.metadata : null;
      const records = Object.freeze({
        save: (model, objects) => call(runId, "records.save", { model, objects }),
        update: (model, objects) => call(runId, "records.update", { model, objects }),
        delete: (model, objects) => call(runId, "records.delete", { model, objects }),
      });
      const ctx = Object.freeze({
        event: Object.freeze(input.event),
        connection: input.connection,
        proxy: (request) => call(runId, "proxy", request),
        records,
        forward: (payload) => call(runId, "forward", { payload }),
        log: logFor(() => runId),
        getMetadata: () => copy(metadata),
        setMetadata: async (value) => {
          await call(runId, "setMetadata", { metadata: value });
          metadata = copy(value);
        },
      });
      try {
        const mod = global.__switchboardModule;
        const fn = mod && mod.default;
        if (typeof fn !== "function") throw new TypeError("The default export is not a function");
        const value = await fn(ctx);
        const logs = logsSent(runId);
        return JSON.stringify({ ok: true, undefined: value === undefined, value: value === undefined ? null : value, logs });
      } catch (e) {
        const isError = e !== null && typeof e === "object";
        return JSON.stringify({
          logs: logsSent(runId),
          ok: false,
          name: isError && e.name ? String(e.name) : "Error",
          message: isError && e.message !== undefined ? String(e.message) : String(e),
          stack: isError && e.stack ? String(e.stack) : "",
        });
      }
    },
  });
})(globalThis);
`;
