// The script that runs in each fresh context before the user's code: it builds `ctx`
// around two host references and defines `__run`, which calls the default export and
// always resolves to a JSON string (errors included), so nothing but JSON crosses the
// boundary. Host references are removed from the global before user code runs.

export const BOOTSTRAP_SOURCE = String.raw`
"use strict";
(function (global) {
  const host = global.$host;
  const logRef = global.$log;
  delete global.$host;
  delete global.$log;
  const call = (op, args) =>
    host
      .apply(undefined, [op, JSON.stringify(args === undefined ? null : args)], {
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
  const logger = (level) => (...args) => {
    logRef.applyIgnored(undefined, [level, args.map(show).join(" ")], { arguments: { copy: true } });
  };
  const log = Object.freeze({ info: logger("info"), warn: logger("warn"), error: logger("error") });
  Object.defineProperty(global, "console", {
    value: Object.freeze({ log: log.info, info: log.info, debug: log.info, warn: log.warn, error: log.error }),
  });
  const copy = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  Object.defineProperty(global, "__run", {
    value: async function (inputJson) {
      const input = JSON.parse(inputJson);
      let metadata = input.connection ? input.connection.metadata : null;
      const records = Object.freeze({
        save: (model, objects) => call("records.save", { model, objects }),
        update: (model, objects) => call("records.update", { model, objects }),
        delete: (model, objects) => call("records.delete", { model, objects }),
      });
      const ctx = Object.freeze({
        event: Object.freeze(input.event),
        connection: input.connection,
        proxy: (request) => call("proxy", request),
        records,
        forward: (payload) => call("forward", { payload }),
        log,
        getMetadata: () => copy(metadata),
        setMetadata: async (value) => {
          await call("setMetadata", { metadata: value });
          metadata = copy(value);
        },
      });
      try {
        const mod = global.__switchboardModule;
        const fn = mod && mod.default;
        if (typeof fn !== "function") throw new TypeError("The default export is not a function");
        const value = await fn(ctx);
        return JSON.stringify({ ok: true, undefined: value === undefined, value: value === undefined ? null : value });
      } catch (e) {
        const isError = e !== null && typeof e === "object";
        return JSON.stringify({
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
