import { describe, expect, it } from "vitest";
import { derivedUuidv7, uuidv7 } from "./ids";

describe("uuidv7", () => {
  it("is a version 7, variant 1 UUID", () => {
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("increases within a process, even within one millisecond", () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("derivedUuidv7", () => {
  it("gives the same id for the same base, kind and index, and different ids otherwise", () => {
    const base = uuidv7();
    const id = derivedUuidv7(base, "event", 0);
    expect(derivedUuidv7(base, "event", 0)).toBe(id);
    const others = [derivedUuidv7(base, "event", 1), derivedUuidv7(base, "forward", 0), derivedUuidv7(uuidv7(), "event", 0)];
    expect(new Set([id, ...others]).size).toBe(4);
  });

  it("keeps the base's timestamp, version and variant, so it sorts with ids of its time", () => {
    const base = uuidv7(1_700_000_000_000);
    const id = derivedUuidv7(base, "event", 3);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.slice(0, 18)).toBe(base.slice(0, 18));
    expect(id < uuidv7(1_700_000_000_001)).toBe(true);
  });
});
