import { describe, expect, it } from "vitest";
import { runQueueName } from "./run-queue";

describe("run ordering", () => {
  it("serialises one connection's runs only when the integration asks for it", () => {
    expect(runQueueName({ ordered: true }, "i1", "c1")).toBe("pipeline:i1:c1");
    expect(runQueueName({ ordered: true }, "i1", null)).toBe("pipeline:i1:none");
    expect(runQueueName({}, "i1", "c1")).toBeNull();
    expect(runQueueName({ ordered: "yes" }, "i1", "c1")).toBeNull();
    expect(runQueueName(null, "i1", "c1")).toBeNull();
  });
});
