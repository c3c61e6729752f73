import { describe, expect, it } from "vitest";
import { parseGraph } from "./graph";
import { stepKey } from "./step-ids";
import { walkGraph, type RunEffects, type StepResult, type StepSideEffect, type StoredStep } from "./walker";

// The walk itself, with effects that keep steps in memory the way the executor keeps
// them in pipeline_steps: fan-in runs a node once per incoming value, and a walk that
// resumes after a crash skips the steps it finished and repeats no forward.

function parsed(nodes: Array<{ id: string; type: string; data?: Record<string, unknown> }>, edges: Array<[string, string]>) {
  const { graph, errors } = parseGraph({
    nodes: nodes.map((n) => ({ ...n, position: { x: 0, y: 0 }, data: n.data ?? {} })),
    edges: edges.map(([source, target]) => ({ id: `${source}-${target}`, source, target })),
  });
  expect(errors).toEqual([]);
  return graph!;
}

const event = {
  id: null,
  type: "contact.updated",
  payload: { id: "c-1" },
  provider: "custom",
  receivedAt: new Date("2026-11-28T12:00:00Z"),
  providerEventId: null,
  objectId: "c-1",
};

/** A persisted run: steps by key, forwards by idempotency key (a repeated one is ignored, as the deliveries table does). */
class MemoryRun {
  steps = new Map<string, StoredStep & { input: unknown }>();
  forwards = new Map<string, unknown>();
  commits: string[] = [];
  /** Throws (as a dying process would stop) when this step key is about to be committed. */
  crashAt: string | null = null;

  effects(): RunEffects {
    return {
      dryRun: false,
      previousStep: (nodeId, path) => this.steps.get(stepKey(nodeId, path)),
      functionHost: () => ({ scope: "walker-test", call: () => Promise.reject(new Error("no host calls in these tests")) }),
      saveRecords: () => Promise.resolve(),
      defaultForwardUrl: () => "http://receiver.test/hooks",
      forwardBody: (payload) => ({ payload }),
      commitStep: (step: StepResult, effect?: StepSideEffect) => {
        const key = stepKey(step.nodeId, step.path);
        if (key === this.crashAt) return Promise.reject(new Error("worker died"));
        if (effect?.kind === "forward" && !this.forwards.has(key)) this.forwards.set(key, effect.body);
        this.steps.set(key, { status: step.status, output: step.output, attempts: step.attempts, input: step.input });
        this.commits.push(key);
        return Promise.resolve();
      },
    };
  }
}

const fanIn = parsed(
  [
    { id: "t1", type: "trigger", data: { eventTypes: ["*"] } },
    { id: "a", type: "function", data: { code: "export default async (ctx) => ({ from: 'a', id: ctx.event.payload.id })" } },
    { id: "b", type: "function", data: { code: "export default async (ctx) => ({ from: 'b', id: ctx.event.payload.id })" } },
    { id: "w1", type: "forward" },
  ],
  [
    ["t1", "a"],
    ["t1", "b"],
    ["a", "w1"],
    ["b", "w1"],
  ],
);

describe("fan-in", () => {
  it("runs a node with two incoming edges once per incoming value, each under its own step key", async () => {
    const run = new MemoryRun();
    const outcome = await walkGraph({ graph: fanIn, event, connection: null, effects: run.effects() });
    expect(outcome.status).toBe("succeeded");
    // Depth first, in edge order: branch a runs to its end before branch b starts.
    expect(outcome.steps.map((s) => [s.nodeId, s.path])).toEqual([
      ["t1", ""],
      ["a", ""],
      ["w1", "a"],
      ["b", ""],
      ["w1", "b"],
    ]);
    expect([...run.forwards.entries()]).toEqual([
      ["w1<a", { payload: { from: "a", id: "c-1" } }],
      ["w1<b", { payload: { from: "b", id: "c-1" } }],
    ]);
  });

  it("keeps node ids as step keys where no node has several incoming edges", async () => {
    const tree = parsed(
      [
        { id: "t1", type: "trigger", data: { eventTypes: ["*"] } },
        { id: "w1", type: "forward" },
        { id: "w2", type: "forward" },
      ],
      [
        ["t1", "w1"],
        ["t1", "w2"],
      ],
    );
    const run = new MemoryRun();
    await walkGraph({ graph: tree, event, connection: null, effects: run.effects() });
    expect(run.commits).toEqual(["t1", "w1", "w2"]);
  });

  it("carries the branch below a fan-in node, and two matching triggers feed it twice", async () => {
    const graph = parsed(
      [
        { id: "t1", type: "trigger", data: { eventTypes: ["contact.*"] } },
        { id: "t2", type: "trigger", data: { eventTypes: ["*"] } },
        { id: "q1", type: "filter", data: { conditions: [{ path: "id", op: "exists" }], combinator: "and" } },
        { id: "w1", type: "forward" },
      ],
      [
        ["t1", "q1"],
        ["t2", "q1"],
        ["q1", "w1"],
      ],
    );
    const run = new MemoryRun();
    await walkGraph({ graph, event, connection: null, effects: run.effects() });
    expect(run.commits).toEqual(["t1", "q1<t1", "w1<q1<t1", "t2", "q1<t2", "w1<q1<t2"]);
    expect(run.forwards.size).toBe(2);
  });

  it("a branch that stops does not stop the other branch's value", async () => {
    const graph = parsed(
      [
        { id: "t1", type: "trigger", data: { eventTypes: ["*"] } },
        { id: "a", type: "function", data: { code: "export default async () => undefined" } },
        { id: "b", type: "function", data: { code: "export default async () => ({ from: 'b' })" } },
        { id: "w1", type: "forward" },
      ],
      [
        ["t1", "a"],
        ["t1", "b"],
        ["a", "w1"],
        ["b", "w1"],
      ],
    );
    const run = new MemoryRun();
    const outcome = await walkGraph({ graph, event, connection: null, effects: run.effects() });
    expect(outcome.status).toBe("succeeded");
    expect([...run.forwards.keys()]).toEqual(["w1<b"]);
    expect(outcome.steps.find((s) => s.nodeId === "a")?.status).toBe("stopped");
  });

  it("fails the run with a clear message when chained fan-ins multiply past the step limit", async () => {
    // t1 → (a1 | b1) → j1 → (a2 | b2) → j2 → …: every join doubles the values below it.
    const nodes: Array<{ id: string; type: string; data?: Record<string, unknown> }> = [
      { id: "t1", type: "trigger", data: { eventTypes: ["*"] } },
    ];
    const edges: Array<[string, string]> = [];
    const pass = { conditions: [{ path: "id", op: "exists" }], combinator: "and" };
    let previous = "t1";
    for (let i = 1; i <= 6; i++) {
      nodes.push(
        { id: `a${i}`, type: "filter", data: pass },
        { id: `b${i}`, type: "filter", data: pass },
        { id: `j${i}`, type: "filter", data: pass },
      );
      edges.push([previous, `a${i}`], [previous, `b${i}`], [`a${i}`, `j${i}`], [`b${i}`, `j${i}`]);
      previous = `j${i}`;
    }
    const run = new MemoryRun();
    const outcome = await walkGraph({ graph: parsed(nodes, edges), event, connection: null, effects: run.effects(), maxSteps: 50 });
    expect(outcome.status).toBe("failed");
    expect(outcome.steps).toHaveLength(51);
    expect(outcome.steps.at(-1)!.error).toMatch(/^This run reached 50 node runs and stopped/);
  });

  it("resumes after a crash between the two forwards without repeating the first", async () => {
    const run = new MemoryRun();
    run.crashAt = "w1<b";
    await expect(walkGraph({ graph: fanIn, event, connection: null, effects: run.effects() })).rejects.toThrow("worker died");
    expect([...run.forwards.keys()]).toEqual(["w1<a"]);

    run.crashAt = null;
    run.commits = [];
    const outcome = await walkGraph({ graph: fanIn, event, connection: null, effects: run.effects() });
    expect(outcome.status).toBe("succeeded");
    // Only what had not finished ran again; the finished steps kept their outcome and attempt count.
    expect(run.commits).toEqual(["w1<b"]);
    expect(outcome.steps.find((s) => s.nodeId === "w1" && s.path === "a")?.attempts).toBe(1);
    expect([...run.forwards.entries()]).toEqual([
      ["w1<a", { payload: { from: "a", id: "c-1" } }],
      ["w1<b", { payload: { from: "b", id: "c-1" } }],
    ]);
  });
});
