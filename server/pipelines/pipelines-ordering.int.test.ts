import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { createCustomIntegration, putPipeline, sendEvent, waitUntil, pipelineTestEnvPerFile, functionPipeline } from "./test-support";

// Run ordering with the real worker: a Function whose duration depends on the event (its
// API call is slow for "slow-…" objects). With ordering on, one connection's events run
// in arrival order, so a slow first event holds back a fast second one of the same
// connection (or of no connection), and only that connection; with ordering off (the
// default) nothing waits.

const env = pipelineTestEnvPerFile("ordering@example.com");

beforeAll(() => {
  env.providerApi.delayFor = (path) => (path.startsWith("/contacts/slow-") ? 2_000 : 0);
});

const pipeline = functionPipeline(`export default async (ctx) => {
          const id: string = ctx.event.payload.object.id;
          if (!ctx.connection) {
            // No connection to call the API as: take as long as the API would.
            const until = Date.now() + (id.startsWith("slow-") ? 1500 : 0);
            while (Date.now() < until) {}
            return { id };
          }
          const contact = await ctx.proxy({ endpoint: "/contacts/" + id });
          return { id: contact.data.id };
        }`);

async function setUp(key: string, settings: Record<string, unknown>) {
  await createCustomIntegration(env.api, key, env.providerApi.url, settings);
  const second = await env.api.post("/api/v1/connections", {
    integrationKey: key,
    connectionId: "globex",
    attribution: { accountId: "acct-2" },
    credentials: { apiKey: "another-api-key" },
  });
  expect(second.status).toBe(201);
  await putPipeline(env.api, key, pipeline);
}

/** Object ids of the forwards of one integration, in the order the receiver got them. */
const arrivals = (key: string) =>
  env.receiver.received
    .map((r) => r.json as { integrationKey?: string; connectionId?: string; payload?: { id?: string } } | null)
    .filter((body) => body?.integrationKey === key)
    .map((body) => `${body!.connectionId}:${body!.payload?.id}`);

const send = (key: string, objectId: string, accountId: string) =>
  sendEvent(env.app.url, env.publicId, key, { type: "contact.updated", object: { id: objectId }, accountId });

describe("pipeline run ordering", () => {
  it("ordering on: one connection's forwards arrive in arrival order; another connection is not held back", async () => {
    await setUp("ordered", { ordered: true });
    await send("ordered", "slow-1", "acct-1");
    await send("ordered", "fast-2", "acct-1");
    await send("ordered", "fast-3", "acct-2");
    const got = await waitUntil(
      () => arrivals("ordered"),
      (a) => a.length === 3,
    );
    // acme's fast event waited for its slow one; globex's did not wait for acme's.
    expect(got).toEqual(["globex:fast-3", "acme:slow-1", "acme:fast-2"]);

    // The runs themselves were one after the other: the second started after the first finished.
    const integration = await db().integration.findFirstOrThrow({ where: { key: "ordered" } });
    const runs = await db().pipelineRun.findMany({
      where: { integrationId: integration.id },
      include: { steps: { where: { nodeId: "t1" } } },
    });
    const runOf = async (objectId: string) => {
      const event = await db().event.findFirstOrThrow({ where: { integrationId: integration.id, objectId } });
      return runs.find((r) => r.eventId === event.id)!;
    };
    const [slow, fast] = [await runOf("slow-1"), await runOf("fast-2")];
    expect(fast.steps[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(slow.finishedAt!.getTime());

    // Events no connection claims have their own order too.
    await send("ordered", "slow-4", "acct-unknown");
    await send("ordered", "fast-5", "acct-unknown");
    const all = await waitUntil(
      () => arrivals("ordered"),
      (a) => a.length === 5,
    );
    expect(all.slice(3)).toEqual(["null:slow-4", "null:fast-5"]);
  });

  it("ordering off (the default): a slow event holds back nothing, of its connection or another", async () => {
    await setUp("unordered", {});
    await send("unordered", "slow-1", "acct-1");
    await send("unordered", "fast-2", "acct-1");
    await send("unordered", "fast-3", "acct-2");
    const got = await waitUntil(
      () => arrivals("unordered"),
      (a) => a.length === 3,
    );
    expect(got[2]).toBe("acme:slow-1");
    expect(got.slice(0, 2).sort()).toEqual(["acme:fast-2", "globex:fast-3"]);
  });

  it("rejects an ordering setting that is not true or false", async () => {
    const response = await env.api.post("/api/v1/integrations", {
      key: "bad-ordering",
      provider: "custom",
      settings: { unsigned: true, ordered: "yes" },
    });
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body)).toContain("settings.ordered");
  });
});
