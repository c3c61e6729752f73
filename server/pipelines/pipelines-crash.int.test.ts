import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { killProcess, startWorkerProcess as startWorker } from "../test/worker-process";
import { recoverStalePipelineRuns } from "./recovery";
import { createCustomIntegration, graph, putPipeline, sendEvent, waitUntil, pipelineTestEnvPerFile } from "./test-support";

// A worker process killed (SIGKILL) in the middle of pipeline runs: one Forward done,
// a Function waiting on a slow API call. A new worker resumes the runs after the
// finished nodes, and every forward arrives under exactly one webhook-id.

const STALE_MS = 2000;

const env = pipelineTestEnvPerFile("crash@example.com", { worker: false, env: { SWITCHBOARD_PIPELINE_STALE_MS: String(STALE_MS) } });
const children: ChildProcess[] = [];

function startWorkerProcess(): Promise<ChildProcess> {
  return startWorker(env.app.db.url, { SWITCHBOARD_PIPELINE_STALE_MS: String(STALE_MS) }).then((child) => {
    children.push(child);
    return child;
  });
}

// Registered after pipelineTestEnvPerFile's afterAll, so it runs before it (hooks run as a stack).
afterAll(async () => {
  for (const child of children) await killProcess(child);
});

describe("a worker crash mid-run", () => {
  it("resumes without repeating a finished forward or duplicating one", async () => {
    await createCustomIntegration(env.api, "crashy", env.providerApi.url);
    await putPipeline(
      env.api,
      "crashy",
      graph(
        [
          { id: "t1", type: "trigger", data: { eventTypes: ["*"] } },
          { id: "raw", type: "forward" },
          {
            id: "enrich",
            type: "function",
            data: {
              code: `export default async (ctx) => {
                const contact = await ctx.proxy({ endpoint: "/contacts/" + ctx.event.payload.object.id });
                return { enriched: contact.data };
              }`,
            },
          },
          { id: "out", type: "forward" },
        ],
        [
          ["t1", "raw"],
          ["t1", "enrich"],
          ["enrich", "out"],
        ],
      ),
    );
    const first = await startWorkerProcess();
    env.providerApi.delayMs = 60_000; // the Functions hang in their API call
    for (const id of ["a", "b", "c"]) await sendEvent(env.app.url, env.publicId, "crashy", { type: "contact.updated", object: { id } });
    await waitUntil(
      () => db().pipelineStep.count({ where: { nodeId: "raw", status: "succeeded" } }),
      (n) => n === 3,
      60_000,
    );
    await waitUntil(
      () => env.providerApi.requests.filter((r) => r.path.startsWith("/contacts/")).length,
      (n) => n === 3,
      60_000,
    );
    await killProcess(first);
    expect(await db().pipelineRun.count({ where: { status: "running" } })).toBe(3);

    env.providerApi.delayMs = 0;
    // Once the dead worker's runs miss their heartbeat, the minutely sweep queues them again.
    // The sweep is called here before the new worker starts, so that the worker's own
    // minutely sweep cannot take them first.
    await new Promise((r) => setTimeout(r, STALE_MS + 500));
    expect(await recoverStalePipelineRuns()).toBe(3);
    await startWorkerProcess();
    const runs = await waitUntil(
      () => db().pipelineRun.findMany({ include: { steps: true } }),
      (r) => r.length === 3 && r.every((run) => run.status === "succeeded"),
      60_000,
    );
    for (const run of runs) {
      expect(run.attempts).toBe(2);
      // The forward finished before the crash was not run again.
      expect(run.steps.find((s) => s.nodeId === "raw")?.attempts).toBe(1);
    }
    const deliveries = await db().delivery.findMany();
    expect(deliveries).toHaveLength(6);
    await waitUntil(
      () => new Set(env.receiver.received.map((r) => r.headers["webhook-id"])).size,
      (n) => n === 6,
      60_000,
    );
    // Exactly one webhook-id per (event, node): three raw forwards and three enriched ones.
    const byId = new Map<string, unknown>();
    for (const r of env.receiver.received) byId.set(r.headers["webhook-id"]!, r.json);
    expect([...byId.keys()].sort()).toEqual(deliveries.map((d) => d.id).sort());
    const enriched = [...byId.values()].map((b) => (b as { payload: { enriched?: { id: string } } }).payload.enriched?.id).filter(Boolean);
    expect(enriched.sort()).toEqual(["a", "b", "c"]);
    expect(env.receiver.received.every((r) => r.verified)).toBe(true);
  }, 240_000);

  it("fan-in: trigger → two Functions → one Forward gives two forwards per event, none repeated after a crash", async () => {
    // Whatever worker the previous test left running is stopped: this test owns the queue.
    for (const child of children) await killProcess(child);
    await createCustomIntegration(env.api, "fanin", env.providerApi.url);
    await putPipeline(
      env.api,
      "fanin",
      graph(
        [
          { id: "t1", type: "trigger", data: { eventTypes: ["*"] } },
          {
            id: "quick",
            type: "function",
            data: { code: `export default async (ctx) => ({ from: "quick", id: ctx.event.payload.object.id })` },
          },
          {
            id: "slow",
            type: "function",
            data: {
              code: `export default async (ctx) => {
                const contact = await ctx.proxy({ endpoint: "/contacts/" + ctx.event.payload.object.id });
                return { from: "slow", id: contact.data.id, email: contact.data.email };
              }`,
            },
          },
          { id: "out", type: "forward" },
        ],
        [
          ["t1", "quick"],
          ["t1", "slow"],
          ["quick", "out"],
          ["slow", "out"],
        ],
      ),
    );
    const integration = await db().integration.findFirstOrThrow({ where: { key: "fanin" } });
    const ofIntegration = { run: { integrationId: integration.id } };
    const first = await startWorkerProcess();
    env.providerApi.delayMs = 60_000;
    const calls = env.providerApi.requests.length;
    for (const id of ["x", "y"]) await sendEvent(env.app.url, env.publicId, "fanin", { type: "contact.updated", object: { id } });
    // Branch by branch: the quick branch's forward is committed before the slow Function hangs.
    await waitUntil(
      () => db().pipelineStep.count({ where: { ...ofIntegration, nodeId: "out", path: "quick", status: "succeeded" } }),
      (n) => n === 2,
      60_000,
    );
    await waitUntil(
      () => env.providerApi.requests.length - calls,
      (n) => n === 2,
      60_000,
    );
    await killProcess(first);

    env.providerApi.delayMs = 0;
    await new Promise((r) => setTimeout(r, STALE_MS + 500));
    expect(await recoverStalePipelineRuns()).toBe(2);
    await startWorkerProcess();
    const runs = await waitUntil(
      () => db().pipelineRun.findMany({ where: { integrationId: integration.id }, include: { steps: true } }),
      (r) => r.length === 2 && r.every((run) => run.status === "succeeded"),
      60_000,
    );
    for (const run of runs) {
      expect(run.steps.map((s) => [s.nodeId, s.path]).sort()).toEqual([
        ["out", "quick"],
        ["out", "slow"],
        ["quick", ""],
        ["slow", ""],
        ["t1", ""],
      ]);
      expect(run.steps.find((s) => s.nodeId === "out" && s.path === "quick")?.attempts).toBe(1);
    }
    const deliveries = await db().delivery.findMany({ where: { eventId: { in: runs.map((r) => r.eventId!) } } });
    expect(deliveries).toHaveLength(4);
    const ids = new Set(deliveries.map((d) => d.id));
    const received = () => env.receiver.received.filter((r) => ids.has(String(r.headers["webhook-id"])));
    await waitUntil(
      () => new Set(received().map((r) => r.headers["webhook-id"])).size,
      (n) => n === 4,
      60_000,
    );
    // One webhook-id per (event, branch), and each branch's own value.
    const bodies = new Map<string, { from: string; id: string }>();
    for (const r of received()) bodies.set(String(r.headers["webhook-id"]), (r.json as { payload: { from: string; id: string } }).payload);
    expect([...bodies.values()].map((p) => `${p.from}:${p.id}`).sort()).toEqual(["quick:x", "quick:y", "slow:x", "slow:y"]);
  }, 240_000);
});
