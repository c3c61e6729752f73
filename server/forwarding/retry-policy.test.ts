import { describe, expect, it } from "vitest";
import { backoffMs, mayRetryRequest, nextStep, retryDelayMs } from "./retry-policy";

const base = { attempt: 1, maxAttempts: 8, error: null, retryAfterMs: null };

describe("retry policy", () => {
  it("succeeds on 2xx", () => {
    expect(nextStep({ ...base, statusCode: 204 }, 1000).outcome).toBe("succeeded");
  });

  it("retries network errors, 408, 429 and 5xx", () => {
    for (const statusCode of [null, 408, 429, 500, 502, 503]) {
      expect(nextStep({ ...base, statusCode, error: statusCode ? null : "ECONNREFUSED" }, 1000).outcome, String(statusCode)).toBe("retry");
    }
  });

  it("does not retry other 4xx", () => {
    for (const statusCode of [400, 401, 404, 410, 422]) {
      const step = nextStep({ ...base, statusCode }, 1000);
      expect(step.outcome).toBe("failed");
      expect(step.outcome === "failed" && step.reason).toMatch(/not retried/);
    }
  });

  it("gives up after the last attempt", () => {
    expect(nextStep({ ...base, attempt: 8, statusCode: 500 }, 1000)).toMatchObject({
      outcome: "failed",
      reason: "HTTP 500 after 8 attempts",
    });
  });

  it("backs off exponentially with jitter", () => {
    expect(backoffMs(1, 1000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, () => 1)).toBe(1000);
    expect(backoffMs(4, 1000, () => 1)).toBe(8000);
    const delays = Array.from({ length: 50 }, () => backoffMs(3, 1000));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
  });

  it("honours Retry-After when it asks for longer", () => {
    expect(nextStep({ ...base, statusCode: 429, retryAfterMs: 30_000 }, 1000, () => 0)).toEqual({ outcome: "retry", delayMs: 30_000 });
  });

  it("caps both the backoff and Retry-After", () => {
    expect(retryDelayMs({ attempt: 1, baseMs: 300, retryAfterMs: 2000, maxMs: 30_000 }, () => 0)).toBe(2000);
    expect(retryDelayMs({ attempt: 1, baseMs: 300, retryAfterMs: 10 * 60_000, maxMs: 30_000 }, () => 0)).toBe(30_000);
    expect(retryDelayMs({ attempt: 3, baseMs: 300, retryAfterMs: null, maxMs: 30_000 }, () => 1)).toBe(1200);
    expect(retryDelayMs({ attempt: 20, baseMs: 300, retryAfterMs: null, maxMs: 5000 }, () => 1)).toBe(5000);
  });

  it("repeats a request with side effects only when the answer says it was not processed", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]) {
      expect(mayRetryRequest(method, 500, false), method).toBe(true);
      expect(mayRetryRequest(method, 502, false), method).toBe(true);
    }
    for (const method of ["POST", "PATCH"]) {
      expect(mayRetryRequest(method, 500, false), method).toBe(false);
      expect(mayRetryRequest(method, 503, false), method).toBe(false);
      expect(mayRetryRequest(method, 429, false), method).toBe(true);
      expect(mayRetryRequest(method, 503, true), method).toBe(true);
    }
    expect(mayRetryRequest("GET", 404, false)).toBe(false);
    expect(mayRetryRequest("POST", 400, true)).toBe(false);
  });
});
