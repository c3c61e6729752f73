// What happens after a delivery attempt. 2xx succeeds; network errors, 408, 429 and 5xx
// are retried with exponential backoff and jitter (honouring Retry-After); any other
// status is the receiver's final answer. The proxy (calls to a provider's API) uses the
// same delays, and retries only what cannot repeat a side effect (mayRetryRequest).

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

/**
 * The wait before retry number `attempt` (1 for the first retry): the backoff, or the server's
 * Retry-After when it asks for longer; both capped at `maxMs`.
 */
export function retryDelayMs(
  input: { attempt: number; baseMs: number; retryAfterMs: number | null; maxMs?: number },
  random: () => number = Math.random,
): number {
  const maxMs = input.maxMs ?? MAX_DELAY_MS;
  return Math.min(maxMs, Math.max(backoffMs(input.attempt, input.baseMs, random), input.retryAfterMs ?? 0));
}

const idempotentMethods = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * Whether a request that got this answer may be sent again. 429, and 503 with Retry-After, say
 * the request was not processed, so any method may be repeated; any other 5xx (or 408) may have
 * happened after a side effect, so only idempotent methods are (a POST or PATCH is not).
 */
export function mayRetryRequest(method: string, statusCode: number, retryAfter: boolean): boolean {
  if (statusCode === 429 || (statusCode === 503 && retryAfter)) return true;
  return (statusCode === 408 || statusCode >= 500) && idempotentMethods.has(method.toUpperCase());
}

export function nextStep(outcome: AttemptOutcome, baseMs: number, random: () => number = Math.random): NextStep {
  const { statusCode } = outcome;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return { outcome: "succeeded" };
  const what = statusCode === null ? (outcome.error ?? "network error") : `HTTP ${statusCode}`;
  if (!isRetryable(statusCode)) return { outcome: "failed", reason: `${what}: not retried (the receiver rejected it)` };
  if (outcome.attempt >= outcome.maxAttempts) return { outcome: "failed", reason: `${what} after ${outcome.attempt} attempts` };
  return { outcome: "retry", delayMs: retryDelayMs({ attempt: outcome.attempt, baseMs, retryAfterMs: outcome.retryAfterMs }, random) };
}
