import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { getWebhookLogTree } from "../logs/logs.service";
import {
  createCustomIntegration,
  graph,
  putPipeline,
  sendEvent,
  waitUntil,
  pipelineTestEnvPerFile,
  functionPipeline,
} from "./test-support";

// Pipelines end to end: real webhooks through the real endpoint and worker, a real
// provider API stand-in for ctx.proxy, and a receiver that verifies every forward.

const env = pipelineTestEnvPerFile("pipelines@example.com");

const forwardsOf = (key: string) =>
  env.receiver.received.filter((r) => (r.json as { integrationKey?: string } | null)?.integrationKey === key);

describe("pipeline REST contract", () => {
  it("PUT validates and saves a version, GET returns it; invalid graphs get 422 with node errors", async () => {
    await createCustomIntegration(env.api, "contract", env.providerApi.url);
    expect((await env.api.get("/api/v1/integrations/contract/pipeline")).body).toEqual({
      version: null,
      message: null,
      createdAt: null,
      graph: null,
    });
    const bad = await env.api.request(
      "PUT",
      "/api/v1/integrations/contract/pipeline",
      graph([{ id: "f1", type: "function", data: { code: "export default async (ctx) => ctx." } }], []),
    );
    expect(bad.status).toBe(422);
    const nodeErrors = (bad.body as { error: { details: { nodeErrors: Array<{ nodeId: string | null; message: string }> } } }).error.details
      .nodeErrors;
    expect(nodeErrors).toEqual(
      expect.arrayContaining([
        { nodeId: null, message: "A pipeline needs at least one trigger" },
        expect.objectContaining({ nodeId: "f1", message: expect.stringContaining("Line 1") as unknown }),
      ]),
    );
    const good = graph(
      [
        { id: "t1", type: "trigger", data: { eventTypes: ["issues.*"] } },
        { id: "w1", type: "forward" },
      ],
      [["t1", "w1"]],
    );
    await putPipeline(env.api, "contract", good);
    const second = await putPipeline(env.api, "contract", { ...good, message: "second" } as typeof good);
    expect(second.body).toMatchObject({ version: 2, message: "second" });
    const read = await env.api.get<{ version: number; graph: typeof good }>("/api/v1/integrations/contract/pipeline");
    expect(read.body.version).toBe(2);
    expect(read.body.graph).toEqual(good);
    expect((await env.api.get("/api/v1/integrations/nope/pipeline")).status).toBe(404);
  });
});

describe("pipeline execution", () => {
  it("a Function fetches extra data with ctx.proxy and forwards the enriched object", async () => {
    await createCustomIntegration(env.api, "enrich", env.providerApi.url);
    await putPipeline(
      env.api,
      "enrich",
      functionPipeline(
        `
                interface Contact { id: string; name: string }
                export default async function (ctx) {
                  const contact = ctx.event.payload.object as Contact;
                  const details = await ctx.proxy({ method: "GET", endpoint: "/contacts/" + contact.id });
                  ctx.log.info("fetched", details.status);
                  return { ...contact, email: details.data.email, company: details.data.company, connection: ctx.connection?.id };
                }`,
        { eventTypes: ["contact.*"] },
      ),
    );
    const webhookId = await sendEvent(env.app.url, env.publicId, "enrich", { type: "contact.updated", object: { id: "c-7", name: "Ada" } });
    const forwards = await waitUntil(
      () => forwardsOf("enrich"),
      (f) => f.length >= 1,
    );
    expect(forwards).toHaveLength(1);
    expect(forwards[0]!.verified).toBe(true);
    expect(forwards[0]!.json).toMatchObject({
      type: "forward",
      integrationKey: "enrich",
      connectionId: "acme",
      eventType: "contact.updated",
      payload: { id: "c-7", name: "Ada", email: "c-7@example.com", company: "Acme", connection: "acme" },
    });
    const call = env.providerApi.requests.find((r) => r.path === "/contacts/c-7");
    expect(call?.headers["x-api-key"]).toBe("secret-api-key");

    // The run is in the logs with one child per node, the Function's console output and its API call.
    const integration = await db().integration.findFirstOrThrow({ where: { key: "enrich" } });
    const run = await db().pipelineRun.findFirstOrThrow({ where: { integrationId: integration.id, status: "succeeded" } });
    const children = await db().logOperation.findMany({ where: { parentId: run.id }, include: { messages: true } });
    expect(children.map((c) => c.type).sort()).toEqual(["pipeline.forward", "pipeline.function", "pipeline.trigger"]);
    const fn = children.find((c) => c.type === "pipeline.function")!;
    expect(fn.messages.map((m) => m.message)).toEqual(
      expect.arrayContaining(["console: fetched 200", expect.stringMatching(/^API call GET \/contacts\/c-7 → 200/) as unknown]),
    );
    const proxyOp = await db().logOperation.findFirst({ where: { parentId: fn.id, type: "proxy" } });
    expect(proxyOp?.status).toBe("success");
    // The webhook's log: the event went to the pipeline, and is done when its run is.
    const environment = await db().environment.findUniqueOrThrow({ where: { id: integration.environmentId } });
    const tree = await getWebhookLogTree(environment, webhookId);
    const event = tree.find((op) => op.type === "event")!;
    expect(event).toMatchObject({ depth: 1, status: "success", connectionId: "acme" });
    expect(event.messages[0]!.message).toBe(`Attributed to connection acme (accountId=acct-1). Pipeline v1 run ${run.id} queued`);
    expect(tree.find((op) => op.id === run.id)).toMatchObject({ type: "pipeline", depth: 2, parentId: event.id, status: "success" });

    // A replay runs the webhook through the pipeline again: a new run, a new forward.
    expect((await env.api.post(`/api/v1/webhooks/${webhookId}/replay`, {})).status).toBeLessThan(300);
    const again = await waitUntil(
      () => forwardsOf("enrich"),
      (f) => f.length >= 2,
    );
    expect(again).toHaveLength(2);
    expect(again[1]!.json).toMatchObject({ payload: { id: "c-7", email: "c-7@example.com" } });
    expect(again[1]!.headers["webhook-id"]).not.toBe(again[0]!.headers["webhook-id"]);
  });

  it("an event whose text Postgres cannot hold (a NUL, half an emoji) runs through a Function and is forwarded as it came", async () => {
    await createCustomIntegration(env.api, "odd-text", env.providerApi.url);
    await putPipeline(
      env.api,
      "odd-text",
      functionPipeline(
        `export default async (ctx) => { ctx.log.info("title", ctx.event.payload.object.title); return ctx.event.payload.object; }`,
      ),
    );
    await sendEvent(env.app.url, env.publicId, "odd-text", { type: "note.created", object: { id: "n1", title: "a\u0000b \ud83d" } });
    const forwards = await waitUntil(
      () => forwardsOf("odd-text"),
      (f) => f.length >= 1,
    );
    expect(forwards.map((f) => f.json)).toMatchObject([{ payload: { id: "n1", title: "a\u0000b \ud83d" } }]);
    const integration = await db().integration.findFirstOrThrow({ where: { key: "odd-text" } });
    const run = await db().pipelineRun.findFirstOrThrow({ where: { integrationId: integration.id } });
    expect(run.status).toBe("succeeded");
    // The run's log shows the Function's output, with U+FFFD where Postgres text cannot hold the characters.
    const fn = await db().logOperation.findFirstOrThrow({
      where: { parentId: run.id, type: "pipeline.function" },
      include: { messages: true },
    });
    expect(fn.messages.map((m) => m.message)).toContain("console: title a\uFFFDb \uFFFD");

    // A Function that fails with such text in its message: the run fails with the message recorded.
    await putPipeline(
      env.api,
      "odd-text",
      functionPipeline(`export default async (ctx) => { throw new Error("bad " + ctx.event.payload.object.title); }`, { forward: false }),
    );
    await sendEvent(env.app.url, env.publicId, "odd-text", { type: "note.created", object: { id: "n2", title: "x\u0000" } });
    const failed = await waitUntil(
      () => db().pipelineRun.findFirst({ where: { integrationId: integration.id, status: "failed" } }),
      (found) => found !== null,
    );
    expect(failed!.error).toContain("bad x\uFFFD");
  });

  it("a Filter stops events and logs why", async () => {
    await createCustomIntegration(env.api, "filtered", env.providerApi.url);
    await putPipeline(
      env.api,
      "filtered",
      graph(
        [
          { id: "t1", type: "trigger", data: { eventTypes: ["*"] } },
          { id: "q1", type: "filter", data: { conditions: [{ path: "object.stage", op: "eq", value: "won" }], combinator: "and" } },
          { id: "w1", type: "forward" },
        ],
        [
          ["t1", "q1"],
          ["q1", "w1"],
        ],
      ),
    );
    await sendEvent(env.app.url, env.publicId, "filtered", { type: "deal.updated", object: { id: "d1", stage: "lost" } });
    await sendEvent(env.app.url, env.publicId, "filtered", { type: "deal.updated", object: { id: "d2", stage: "won" } });
    const forwards = await waitUntil(
      () => forwardsOf("filtered"),
      (f) => f.length >= 1,
    );
    const stopped = await waitUntil(
      () => db().pipelineRun.findMany({ where: { status: "stopped" } }),
      (runs) => runs.length >= 1,
    );
    expect(forwards.map((f) => (f.json as { payload: { object: { id: string } } }).payload.object.id)).toEqual(["d2"]);
    const filterOp = await db().logOperation.findFirstOrThrow({
      where: { parentId: stopped[0]!.id, type: "pipeline.filter" },
      include: { messages: true },
    });
    expect(filterOp.status).toBe("skipped");
    expect(filterOp.messages.map((m) => m.message)).toContain('Stopped: object.stage eq "won" (actual: "lost") is false');
  });

  it("a Sync node and ctx.records save objects keyed by id, and an unchanged object writes nothing", async () => {
    await createCustomIntegration(env.api, "synced", env.providerApi.url);
    await putPipeline(
      env.api,
      "synced",
      graph(
        [
          { id: "t1", type: "trigger", data: { eventTypes: ["*"] } },
          { id: "f0", type: "function", data: { code: "export default async (ctx) => ctx.event.payload.object" } },
          { id: "s1", type: "sync", data: { sync: "contacts", model: "Contact", mode: "save" } },
          {
            id: "f1",
            type: "function",
            data: { code: "export default async (ctx) => ctx.records.save('Tag', [{ id: 'vip', contact: ctx.event.payload.object.id }])" },
          },
        ],
        [
          ["t1", "f0"],
          ["f0", "s1"],
          ["t1", "f1"],
        ],
      ),
    );
    const integration = await db().integration.findFirstOrThrow({ where: { key: "synced" } });
    const finished = () => db().pipelineRun.count({ where: { integrationId: integration.id, status: "succeeded" } });
    const records = () => db().syncRecord.findMany({ where: { integrationId: integration.id }, orderBy: { model: "asc" } });
    await sendEvent(env.app.url, env.publicId, "synced", { type: "contact.updated", object: { id: "c-9", name: "Ada" } });
    await waitUntil(finished, (n) => n === 1);
    const first = await records();
    expect(first.map((r) => [r.model, r.externalId, r.lastAction, r.data])).toEqual([
      ["Contact", "c-9", "ADDED", { id: "c-9", name: "Ada" }],
      ["Tag", "vip", "ADDED", { id: "vip", contact: "c-9" }],
    ]);
    await sendEvent(env.app.url, env.publicId, "synced", { type: "contact.updated", object: { id: "c-9", name: "Ada" } });
    await waitUntil(finished, (n) => n === 2);
    const second = await records();
    expect(second.map((r) => r.updatedAt)).toEqual(first.map((r) => r.updatedAt));
    await sendEvent(env.app.url, env.publicId, "synced", { type: "contact.updated", object: { id: "c-9", name: "Ada Lovelace" } });
    await waitUntil(finished, (n) => n === 3);
    const third = await records();
    expect(third[0]).toMatchObject({ lastAction: "UPDATED", data: { id: "c-9", name: "Ada Lovelace" } });
  });

  it.each([["latest", 1] as const, ["batch", 50] as const])(
    "a Debounce in %s mode turns 50 rapid updates of one contact into one forward",
    async (mode, expectedCount) => {
      const key = `debounce-${mode}`;
      await createCustomIntegration(env.api, key, env.providerApi.url);
      await putPipeline(
        env.api,
        key,
        graph(
          [
            { id: "t1", type: "trigger", data: { eventTypes: ["contact.updated"] } },
            { id: "d1", type: "debounce", data: { windowMs: 1500, maxWaitMs: 20_000, mode } },
            { id: "w1", type: "forward" },
          ],
          [
            ["t1", "d1"],
            ["d1", "w1"],
          ],
        ),
      );
      for (let i = 1; i <= 50; i++)
        await sendEvent(env.app.url, env.publicId, key, { type: "contact.updated", object: { id: "c-1", version: i } });
      const forwards = await waitUntil(
        () => forwardsOf(key),
        (f) => f.length >= 1,
      );
      // Another quiet window passes: still one.
      await new Promise((r) => setTimeout(r, 2500));
      expect(forwardsOf(key)).toHaveLength(1);
      const payload = (forwards[0]!.json as { payload: unknown }).payload;
      if (mode === "latest") {
        expect(payload).toMatchObject({ object: { id: "c-1", version: 50 } });
      } else {
        const versions = (payload as Array<{ object: { version: number } }>).map((p) => p.object.version);
        expect(versions).toHaveLength(expectedCount);
        expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      }
    },
  );
});
