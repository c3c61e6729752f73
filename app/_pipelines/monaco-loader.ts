"use client";

import { loader } from "@monaco-editor/react";
import type * as Monaco from "monaco-editor";

// Monaco comes from the npm package with module workers, never from a CDN (which
// @monaco-editor/react uses by default and which is unreachable offline and behind firewalls).

type MonacoModule = typeof Monaco;

let loading: Promise<MonacoModule> | null = null;

export function loadMonaco(): Promise<MonacoModule> {
  loading ??= (async () => {
    (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
      getWorker(_workerId: string, label: string) {
        if (label === "typescript" || label === "javascript") {
          return new Worker(new URL("./workers/ts.worker.ts", import.meta.url), { type: "module" });
        }
        return new Worker(new URL("./workers/editor.worker.ts", import.meta.url), { type: "module" });
      },
    };
    const monaco = await import("monaco-editor");
    loader.config({ monaco });
    return monaco;
  })();
  return loading;
}
