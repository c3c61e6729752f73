import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import {
  createCustomIntegration,
  graph,
  putPipeline,
  sendEvent,
  waitUntil,
  pipelineTestEnvPerFile,
  functionPipeline,
} from "./test-support";

// Escape attempts inside Functions, run by the real worker: each fails its own node
// with a clear error, the other branches of the run go on, and the worker keeps serving.
// The type check on save already refuses `process` and `require`; an attacker silences it
// with a `declare`, so the escapes below do too and meet the sandbox itself.

const env = pipelineTestEnvPerFile("sandbox@example.com");

const escapes: Array<{ id: string; code: string; error: RegExp; limits?: Record<string, number> }> = [
  {
    id: "process",
    code: "declare const process: any;\nexport default async () => process.exit(1)",
    error: /ReferenceError: process is not defined/,
  },
  {
    id: "require",
    code: "declare const require: any;\nexport default async () => require('child_process').execSync('id')",
    error: /ReferenceError: require is not defined/,
  },
  {
    id: "constructor",
    code: "export default async () => globalThis.constructor.constructor('return process')().exit(1)",
    error: /ReferenceError: process is not defined/,
  },
  {
    id: "function-this",
    code: "export default async () => Function('return this')().process.mainModule.require('fs')",
    error: /TypeError: Cannot read properties of undefined/,
  },
  { id: "loop", code: "export default async () => { while (true) {} }", error: /did not finish within 500 ms/, limits: { timeoutMs: 500 } },
  {
    id: "loop-after-await",
    code: "export default async (ctx) => { await ctx.proxy({ endpoint: '/contacts/x' }); while (true) {} }",
    error: /did not finish within 500 ms/,
    limits: { timeoutMs: 500 },
  },
  {
    id: "gigabyte",
    code: "export default async () => { const chunks = []; for (let i = 0; i < 1024; i++) chunks.push(new Uint8Array(1024 * 1024).fill(1)); return chunks.length }",
    error: /memory limit of 32 MB|allocation failed/i,
    limits: { memoryMb: 32 },
  },
];

describe("sandbox escapes through the worker", () => {
  it("each fails its node with a clear error; the worker keeps serving", async () => {
    await createCustomIntegration(env.api, "escapes", env.providerApi.url);
    await putPipeline(
      env.api,
      "escapes",
      graph(
        [
          { id: "t1", type: "trigger", data: { eventTypes: ["*"] } },
          ...escapes.map((e) => ({ id: e.id, type: "function", data: { code: e.code, ...e.limits } })),
          { id: "w1", type: "forward" },
        ],
        [["t1", "w1"], ...escapes.map((e): [string, string] => ["t1", e.id])],
      ),
    );
    await sendEvent(env.app.url, env.publicId, "escapes", { type: "contact.updated", object: { id: "c1" } });
    const integration = await db().integration.findFirstOrThrow({ where: { key: "escapes" } });
    const runs = await waitUntil(
      () => db().pipelineRun.findMany({ where: { integrationId: integration.id }, include: { steps: true } }),
      (r) => r[0]?.status === "failed",
      30_000,
    );
    const steps = new Map(runs[0]!.steps.map((s) => [s.nodeId, s]));
    for (const escape of escapes) {
      expect(steps.get(escape.id)?.status, escape.id).toBe("failed");
      expect(steps.get(escape.id)?.error, escape.id).toMatch(escape.error);
    }
    // The branch without a Function still forwarded, and the run is visible as failed.
    expect(steps.get("w1")?.status).toBe("succeeded");
    expect(runs[0]!.error).toBeTruthy();

    // The same worker serves the next event normally.
    await createCustomIntegration(env.api, "healthy", env.providerApi.url);
    await putPipeline(
      env.api,
      "healthy",
      functionPipeline("export default async (ctx) => ({ ok: true, id: ctx.event.payload.object.id })"),
    );
    await sendEvent(env.app.url, env.publicId, "healthy", { type: "contact.updated", object: { id: "c2" } });
    const forwards = await waitUntil(
      () => env.receiver.received.filter((r) => (r.json as { integrationKey?: string }).integrationKey === "healthy"),
      (f) => f.length >= 1,
    );
    expect((forwards[0]!.json as { payload: unknown }).payload).toEqual({ ok: true, id: "c2" });
  }, 60_000);
});

describe("type check on save", () => {
  it("PUT with a type error in a Function answers 422 naming the node, line and error, and saves nothing", async () => {
    await createCustomIntegration(env.api, "typed", env.providerApi.url);
    const good = "export default async (ctx) => {\n  const r = await ctx.proxy({ endpoint: '/contacts/1' });\n  return r.data;\n}";
    await putPipeline(env.api, "typed", functionPipeline(good));

    const bad = await env.api.request(
      "PUT",
      "/api/v1/integrations/typed/pipeline",
      functionPipeline("export default async (ctx) => {\n  await ctx.sendEmail('ada@example.com');\n  return ctx.event.payload;\n}"),
    );
    expect(bad.status).toBe(422);
    const message = "Line 2:13: Property 'sendEmail' does not exist on type 'SwitchboardContext<any>'.";
    expect(bad.body).toEqual({
      error: {
        code: "unprocessable",
        message: `The pipeline is not valid: node f1: ${message}`,
        details: { nodeErrors: [{ nodeId: "f1", message }] },
      },
    });

    const stored = await env.api.get("/api/v1/integrations/typed/pipeline");
    expect(stored.body).toMatchObject({ version: 1 });
    const f1 = (stored.body as { graph: { nodes: Array<{ id: string; data: { code?: string } }> } }).graph.nodes.find((n) => n.id === "f1");
    expect(f1?.data.code).toBe(good);
  });
});
