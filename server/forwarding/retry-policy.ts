// What happens after a delivery attempt. 2xx succeeds; network errors, 408, 429 and 5xx
// are retried with exponential backoff and jitter (honouring Retry-After); any other
// status is the receiver's final answer.

export const DEFAULT_MAX_ATTEMPTS = 8;
const MAX_DELAY_MS = 6 * 3600 * 1000;

export type NextStep = { outcome: "succeeded" } | { outcome: "failed"; reason: string } | { outcome: "retry"; delayMs: number };

export interface AttemptOutcome {
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  statusCode: number | null;
  error: string | null;
  retryAfterMs: number | null;
}

export function isRetryable(statusCode: number | null): boolean {
  return statusCode === null || statusCode === 408 || statusCode === 429 || statusCode >= 500;
}

/** Base delay doubles per attempt; "equal jitter" keeps half of it and randomises the rest. */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function nextStep(outcome: AttemptOutcome, baseMs: number, random: () => number = Math.random): NextStep {
  const { statusCode } = outcome;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return { outcome: "succeeded" };
  const what = statusCode === null ? (outcome.error ?? "network error") : `HTTP ${statusCode}`;
  if (!isRetryable(statusCode)) return { outcome: "failed", reason: `${what}: not retried (the receiver rejected it)` };
  if (outcome.attempt >= outcome.maxAttempts) return { outcome: "failed", reason: `${what} after ${outcome.attempt} attempts` };
  const delay = Math.max(backoffMs(outcome.attempt, baseMs, random), Math.min(outcome.retryAfterMs ?? 0, MAX_DELAY_MS));
  return { outcome: "retry", delayMs: delay };
}
