import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/harness";
import { signedInAccount } from "../test-client";

let database: TestDatabase;
let ada: Awaited<ReturnType<typeof signedInAccount>>;
let eve: Awaited<ReturnType<typeof signedInAccount>>;
beforeAll(async () => {
  database = await createTestDatabase();
  ada = await signedInAccount("ada-pipelines@example.com");
  eve = await signedInAccount("eve-pipelines@example.com");
  await ada.dev.integrations.create({ key: "github", provider: "github", webhookSecret: "s3cret" });
});
afterAll(async () => {
  await database.drop();
});

const graph = (code = "export default async function (ctx) { return { ...ctx.event.payload, enriched: true } }") => ({
  nodes: [
    { id: "t1", type: "trigger" as const, position: { x: 0, y: 0 }, data: { eventTypes: ["issues.*"] } },
    { id: "fn1", type: "function" as const, position: { x: 250, y: 0 }, data: { code, timeoutMs: 5000, memoryMb: 64 } },
    { id: "w1", type: "forward" as const, position: { x: 500, y: 0 }, data: {} },
  ],
  edges: [
    { id: "e1", source: "t1", target: "fn1" },
    { id: "e2", source: "fn1", target: "w1" },
  ],
});

describe("pipelines router", () => {
  it("lists integrations with no pipeline as the default", async () => {
    expect(await ada.dev.pipelines.list()).toEqual([
      { key: "github", provider: "github", providerName: "GitHub", activeVersion: null, versionCount: 0, lastSavedAt: null },
    ]);
    expect(await ada.dev.pipelines.get({ key: "github" })).toMatchObject({ integration: { key: "github" }, activeVersion: null });
  });

  it("returns node errors as data when the graph is invalid, and saves nothing", async () => {
    const invalid = graph();
    invalid.edges = [{ id: "e1", source: "t1", target: "fn1" }];
    const result = await ada.dev.pipelines.save({ key: "github", graph: invalid, message: "broken" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.nodeErrors.some((error) => error.nodeId === "w1")).toBe(true);
    expect(await ada.dev.pipelines.versions({ key: "github" })).toEqual([]);
  });

  it("saves versions that become active, with who saved them, and re-activates an older one", async () => {
    const first = await ada.dev.pipelines.save({ key: "github", graph: graph(), message: "Enrich" });
    expect(first).toMatchObject({
      ok: true,
      version: { number: 1, active: true, message: "Enrich", createdBy: "ada-pipelines@example.com" },
    });
    const second = await ada.dev.pipelines.save({ key: "github", graph: graph("export default async (ctx) => ctx.event.payload") });
    expect(second).toMatchObject({ ok: true, version: { number: 2 } });

    const versions = await ada.dev.pipelines.versions({ key: "github" });
    expect(versions.map((v) => [v.number, v.active, v.createdBy])).toEqual([
      [2, true, "ada-pipelines@example.com"],
      [1, false, "ada-pipelines@example.com"],
    ]);
    expect(await ada.dev.pipelines.activate({ key: "github", number: 1 })).toEqual({ number: 1 });
    const active = await ada.dev.pipelines.get({ key: "github" });
    expect(active.activeVersion?.number).toBe(1);
    expect((await ada.dev.pipelines.version({ key: "github", number: 2 })).active).toBe(false);
    expect(await ada.dev.pipelines.list()).toMatchObject([{ key: "github", activeVersion: 1, versionCount: 2 }]);
  });

  it("test-runs a draft on a provider sample without sending anything", async () => {
    const fixtures = await ada.dev.pipelines.fixtures({ key: "github" });
    const issue = fixtures.find((sample) => sample.type === "issues.opened");
    expect(issue).toBeDefined();
    const result = await ada.dev.pipelines.testRun({
      key: "github",
      graph: graph(),
      event: { type: issue!.type, payload: issue!.payload },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const fn = result.nodes.find((node) => node.nodeId === "fn1");
    expect(fn).toMatchObject({ status: "succeeded", output: { enriched: true } });
    // No forward URL is set in this environment: the Forward says so instead of sending.
    const forward = result.nodes.find((node) => node.nodeId === "w1");
    expect(forward?.status).toBe("failed");
    expect(forward?.error).toMatch(/forward URL/i);
  });

  it("gives the editor the Function API declarations and no events before any arrive", async () => {
    expect((await ada.dev.pipelines.functionTypes()).dts).toContain("interface SwitchboardContext");
    expect(await ada.dev.pipelines.recentEvents({ key: "github" })).toEqual([]);
  });

  it("keeps accounts apart", async () => {
    await expect(eve.dev.pipelines.get({ key: "github" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(eve.dev.pipelines.versions({ key: "github" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await eve.dev.pipelines.list()).toEqual([]);
  });
});
