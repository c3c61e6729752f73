import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../test/harness";
import { accountWithClient } from "../rest/test-client";
import { db } from "../lib/db";
import type { Environment } from "../lib/generated/prisma/client";
import { testRunPipeline } from "./pipelines.service";
import { createCustomIntegration, graph, startApiStandIn, type ApiStandIn } from "./test-support";

// Test runs of a draft graph, as the editor makes them: every node's input, output,
// logs and time; nothing leaves unless "send for real".

let app: Awaited<ReturnType<typeof startTestApp>>;
let providerApi: ApiStandIn;
let environment: Environment;

beforeAll(async () => {
  app = await startTestApp();
  providerApi = await startApiStandIn();
  const account = await accountWithClient(app.url, "testrun@example.com");
  expect((await account.api.patch("/api/v1/environment", { forwardUrl: "https://app.example.com/hooks" })).status).toBe(200);
  environment = await db().environment.findUniqueOrThrow({ where: { id: account.environment.id } });
  await createCustomIntegration(account.api, "draft", providerApi.url);
});

afterAll(async () => {
  await app?.stop();
  await providerApi?.close();
});

const draft = graph(
  [
    { id: "t1", type: "trigger", data: { eventTypes: ["contact.*"] } },
    { id: "q1", type: "filter", data: { conditions: [{ path: "object.id", op: "exists" }] } },
    {
      id: "f1",
      type: "function",
      data: {
        code: `export default async (ctx) => {
          const r = await ctx.proxy({ endpoint: "/contacts/" + ctx.event.payload.object.id });
          console.log("status", r.status);
          return { id: ctx.event.payload.object.id, email: r.data?.email ?? null };
        }`,
      },
    },
    { id: "d1", type: "debounce", data: { windowMs: 1000 } },
    { id: "w1", type: "forward" },
    { id: "x1", type: "forward", data: { url: "https://other.example.com/in" } },
  ],
  [
    ["t1", "q1"],
    ["q1", "f1"],
    ["f1", "d1"],
    ["d1", "w1"],
    ["t1", "x1"],
  ],
);

describe("testRunPipeline", () => {
  it("reports every node and sends nothing", async () => {
    const before = providerApi.requests.length;
    const result = await testRunPipeline(
      environment,
      "draft",
      draft,
      { type: "contact.updated", payload: { object: { id: "c-1" } }, connectionId: "acme" },
      { sendForReal: false },
    );
    const byId = new Map(result.nodes.map((n) => [n.nodeId, n]));
    expect(byId.get("q1")).toMatchObject({ status: "succeeded" });
    expect(byId.get("f1")).toMatchObject({
      status: "succeeded",
      input: { object: { id: "c-1" } },
      output: { id: "c-1", email: null },
      proxyCalls: [{ method: "GET", endpoint: "/contacts/c-1", status: null, sent: false }],
    });
    expect(byId.get("f1")!.logs.map((l) => l.message)).toContain("status 0");
    expect(byId.get("d1")!.status).toBe("succeeded");
    expect(byId.get("w1")).toMatchObject({
      status: "succeeded",
      wouldForward: {
        url: "https://app.example.com/hooks",
        body: { type: "forward", integrationKey: "draft", payload: { id: "c-1", email: null } },
      },
    });
    expect(byId.get("x1")!.wouldForward!.url).toBe("https://other.example.com/in");
    expect(providerApi.requests.length).toBe(before);
    expect(await db().delivery.count()).toBe(0);
  });

  it("makes API calls for real when asked, and shows skipped nodes", async () => {
    const result = await testRunPipeline(
      environment,
      "draft",
      draft,
      { type: "contact.updated", payload: { object: { id: "c-2" } }, connectionId: "acme" },
      { sendForReal: true },
    );
    const f1 = result.nodes.find((n) => n.nodeId === "f1")!;
    expect(f1.output).toEqual({ id: "c-2", email: "c-2@example.com" });
    expect(f1.proxyCalls?.[0]).toMatchObject({ status: 200, sent: true });
    const other = await testRunPipeline(environment, "draft", draft, { type: "order.created", payload: {} }, { sendForReal: false });
    expect(other.nodes.every((n) => n.status === "skipped")).toBe(true);
  });

  it("refuses an invalid draft with node errors", async () => {
    await expect(
      testRunPipeline(environment, "draft", graph([{ id: "w1", type: "forward" }], []), { type: "x", payload: {} }, { sendForReal: false }),
    ).rejects.toMatchObject({ code: "unprocessable", details: { nodeErrors: expect.any(Array) as unknown } });
  });
});
