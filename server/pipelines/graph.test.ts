import { describe, expect, it } from "vitest";
import { validateGraph } from "./graph";

const trigger = (id: string, eventTypes = ["*"]) => ({ id, type: "trigger", position: { x: 0, y: 0 }, data: { eventTypes } });
const fn = (id: string, code = "export default async (ctx) => ctx.event.payload") => ({
  id,
  type: "function",
  position: { x: 0, y: 0 },
  data: { code },
});
const forward = (id: string) => ({ id, type: "forward", position: { x: 0, y: 0 }, data: {} });
const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, target });

describe("validateGraph", () => {
  it("accepts the contract's example graph", async () => {
    const result = await validateGraph({
      nodes: [trigger("t1", ["issues.*"]), fn("f1"), forward("w1")],
      edges: [edge("t1", "f1"), edge("f1", "w1")],
    });
    expect(result).toEqual({ ok: true, errors: [] });
  });

  it("needs a trigger", async () => {
    const result = await validateGraph({ nodes: [forward("w1")], edges: [] });
    expect(result.ok).toBe(false);
    expect(result.errors).toContainEqual({ nodeId: null, message: "A pipeline needs at least one trigger" });
  });

  it("names every node on a cycle", async () => {
    const result = await validateGraph({
      nodes: [trigger("t1"), fn("a"), fn("b"), forward("w")],
      edges: [edge("t1", "a"), edge("a", "b"), edge("b", "a"), edge("b", "w")],
    });
    const cycle = result.errors.filter((e) => e.message.includes("cycle")).map((e) => e.nodeId);
    expect(cycle.sort()).toEqual(["a", "b"]);
  });

  it("flags nodes no trigger reaches", async () => {
    const result = await validateGraph({ nodes: [trigger("t1"), forward("w1"), forward("lonely")], edges: [edge("t1", "w1")] });
    expect(result.errors).toEqual([{ nodeId: "lonely", message: "Not reachable from any trigger" }]);
  });

  it("checks each node's config and names the node", async () => {
    const result = await validateGraph({
      nodes: [
        trigger("t1", []),
        { id: "d1", type: "debounce", position: { x: 0, y: 0 }, data: { windowMs: 1000, maxWaitMs: 10 } },
        { id: "f1", type: "filter", position: { x: 0, y: 0 }, data: { conditions: [{ path: "a", op: "matches", value: "(" }] } },
      ],
      edges: [edge("t1", "d1"), edge("d1", "f1")],
    });
    expect(result.errors.map((e) => e.nodeId)).toEqual(expect.arrayContaining(["t1", "d1", "f1"]));
    expect(result.errors.find((e) => e.nodeId === "d1")?.message).toContain("maxWaitMs must be at least windowMs");
  });

  it("maps Function compile errors to the node with a line", async () => {
    const result = await validateGraph({
      nodes: [trigger("t1"), fn("f1", "export default async (ctx) => {\n  return ctx.\n}")],
      edges: [edge("t1", "f1")],
    });
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ nodeId: "f1", message: expect.stringMatching(/^Line 3:1: /) as unknown });
  });

  it("maps Function type errors to the node with a line, beside syntax errors of other nodes", async () => {
    const result = await validateGraph({
      nodes: [
        trigger("t1"),
        fn("f1", "export default async (ctx) => {\n  return ctx.nonexistent;\n}"),
        fn("f2", "export default async (ctx) => {\n  return ctx.\n}"),
      ],
      edges: [edge("t1", "f1"), edge("t1", "f2")],
    });
    expect(result.ok).toBe(false);
    expect(result.errors).toContainEqual({
      nodeId: "f1",
      message: "Line 2:14: Property 'nonexistent' does not exist on type 'SwitchboardContext<any>'.",
    });
    expect(result.errors.find((e) => e.nodeId === "f2")?.message).toMatch(/^Line 3:1: /);
  });

  it("requires a default export", async () => {
    const result = await validateGraph({ nodes: [trigger("t1"), fn("f1", "const x = 1")], edges: [edge("t1", "f1")] });
    expect(result.errors[0]?.message).toContain("default export");
  });

  it("refuses edges into triggers and to missing nodes, and bad shapes", async () => {
    const bad = await validateGraph({ nodes: [trigger("t1"), trigger("t2")], edges: [edge("t1", "t2"), edge("t1", "nope")] });
    expect(bad.errors.map((e) => e.message)).toEqual(
      expect.arrayContaining(["A trigger cannot have incoming connections", "Edge t1-nope points at a missing node"]),
    );
    const shape = await validateGraph({ nodes: [{ id: "x", type: "teleport" }], edges: [] });
    expect(shape.ok).toBe(false);
    expect(shape.errors[0]?.nodeId).toBeNull();
  });
});
