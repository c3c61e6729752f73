import type { LogLevel, OperationStatus } from "../logs/log-batch";

// How one delivery attempt reads in the logs. An event's forwards are not written to the
// log tables: the delivery and its attempts are the record, and the webhook's log tree
// tells them through this (logs/row-operations.ts); forwards without an event (auth
// notices) are logged as they happen, with the same words.

export interface AttemptFacts {
  number: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

/** What came after the attempt. */
export type AttemptEnd =
  | { kind: "succeeded" }
  | { kind: "failed"; reason: string }
  | { kind: "retry"; inMs: number }
  /** An earlier attempt of a delivery that went on to another. */
  | { kind: "retried" };

export function describeAttempt(attempt: AttemptFacts, end: AttemptEnd): { level: LogLevel; message: string; data: unknown } {
  const what = attempt.statusCode === null ? (attempt.error ?? "network error") : `HTTP ${attempt.statusCode}`;
  const head = `Attempt ${attempt.number}: ${what} in ${attempt.durationMs} ms`;
  const data = {
    statusCode: attempt.statusCode,
    durationMs: attempt.durationMs,
    responseExcerpt: attempt.responseExcerpt ?? undefined,
    error: attempt.error ?? undefined,
  };
  switch (end.kind) {
    case "succeeded":
      return { level: "info", message: head, data };
    case "failed":
      return { level: "error", message: `${head}. Failed: ${end.reason}`, data };
    case "retry":
      return { level: "warn", message: `${head}. Retrying in ${(end.inMs / 1000).toFixed(1)} s`, data };
    case "retried":
      return { level: "warn", message: `${head}. Retried`, data };
  }
}

/** A delivery's state after an attempt, as the delivery row and the drain both hold it. */
export interface DeliveryState {
  status: "pending" | "succeeded" | "failed";
  error: string | null;
  nextAt: Date | null;
}

/** How the latest attempt ended, from the delivery's state after it and when the attempt ended. */
export function latestAttemptEnd(state: DeliveryState, attemptEndedAt: Date): AttemptEnd {
  if (state.status === "succeeded") return { kind: "succeeded" };
  if (state.status === "failed") return { kind: "failed", reason: state.error ?? "failed" };
  return { kind: "retry", inMs: state.nextAt ? Math.max(0, state.nextAt.getTime() - attemptEndedAt.getTime()) : 0 };
}

/** A forward's log status from its delivery's. */
export function forwardStatus(status: DeliveryState["status"]): OperationStatus {
  return status === "succeeded" ? "success" : status === "failed" ? "failed" : "running";
}
