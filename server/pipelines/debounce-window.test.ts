import { describe, expect, it } from "vitest";
import { debounceFireAt, debounceOutput } from "./debounce-window";

const t = (ms: number) => new Date(1_000_000 + ms);

describe("debounce windowing", () => {
  it("fires one window after the latest event", () => {
    expect(debounceFireAt({ now: t(0), firstAt: t(0), windowMs: 500 })).toEqual(t(500));
    // Each new event pushes the window back.
    expect(debounceFireAt({ now: t(400), firstAt: t(0), windowMs: 500 })).toEqual(t(900));
  });

  it("never waits past maxWaitMs after the first waiting event", () => {
    expect(debounceFireAt({ now: t(400), firstAt: t(0), windowMs: 500, maxWaitMs: 2000 })).toEqual(t(900));
    expect(debounceFireAt({ now: t(1800), firstAt: t(0), windowMs: 500, maxWaitMs: 2000 })).toEqual(t(2000));
    expect(debounceFireAt({ now: t(2500), firstAt: t(0), windowMs: 500, maxWaitMs: 2000 })).toEqual(t(2000));
  });

  it("passes the latest value or the whole batch in order", () => {
    expect(debounceOutput("latest", [1, 2, 3])).toBe(3);
    expect(debounceOutput("batch", [1, 2, 3])).toEqual([1, 2, 3]);
  });
});
