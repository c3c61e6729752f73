"use client";

import { formatJson } from "@/app/_components/format";
import { statusTone } from "./run-status";
import type { NodeRunResult } from "./types";

function Block({ title, value, testId }: { title: string; value: unknown; testId?: string }) {
  if (value === undefined) return null;
  return (
    <div className="run-block">
      <h3>{title}</h3>
      <pre className="json run-json" data-testid={testId}>
        {typeof value === "string" ? value : formatJson(value)}
      </pre>
    </div>
  );
}

function logLine(entry: unknown): string {
  if (typeof entry === "string") return entry;
  if (entry && typeof entry === "object") {
    const { level, message, args } = entry as { level?: unknown; message?: unknown; args?: unknown };
    const text =
      typeof message === "string"
        ? message
        : Array.isArray(args)
          ? args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")
          : JSON.stringify(entry);
    return typeof level === "string" ? `${level.padEnd(5)} ${text}` : text;
  }
  return String(entry);
}

/** One node's part of a test run: status, time, input, output, logs, API calls. */
export function RunDetails({ result }: { result: NodeRunResult }) {
  return (
    <div className="run-details" data-testid="run-details">
      <div className="run-summary">
        <span className={`badge badge-${statusTone(result.status)}`}>{result.status}</span>
        {typeof result.durationMs === "number" ? <span className="muted">{result.durationMs.toFixed(1)} ms</span> : null}
      </div>
      {result.error !== undefined && result.error !== null ? <Block title="Error" value={result.error} /> : null}
      <Block title="Input" value={result.input} testId="run-input" />
      <Block title="Output" value={result.output} testId="run-output" />
      {result.wouldForward !== undefined && result.wouldForward !== null ? (
        <Block title="Would forward (not sent)" value={result.wouldForward} />
      ) : null}
      {result.logs?.length ? (
        <div className="run-block">
          <h3>Logs</h3>
          <pre className="json run-json" data-testid="run-logs">
            {result.logs.map(logLine).join("\n")}
          </pre>
        </div>
      ) : null}
      {result.proxyCalls?.length ? <Block title="API calls" value={result.proxyCalls} /> : null}
    </div>
  );
}
