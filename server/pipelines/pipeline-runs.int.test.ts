import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { db } from "../lib/db";
import { callerFor, sessionTokenFrom, signedInAccount, trpcHttp } from "../api/test-client";
import { createCustomIntegration, putPipeline, sendEvent, waitUntil, pipelineTestEnvPerFile, functionPipeline } from "./test-support";

// The per-run log: a real run through the real worker, read back through the tRPC
// caller the logs explorer uses. Every node in the order it ran, with its input, output,
// console output, API calls and time; another account sees nothing.

const EMAIL = "runs@example.com";
const env = pipelineTestEnvPerFile(EMAIL);

async function callerOf(email: string) {
  const response = await trpcHttp("mutation", "auth.logIn", { email, password: "correct horse battery" });
  const token = sessionTokenFrom(response.setCookies);
  expect(token).toBeDefined();
  return (await callerFor({ token, environment: "dev" })).caller;
}

describe("pipelines.run and pipelines.runs", () => {
  it("shows one run's nodes in order with input, output, console output, API calls and time", async () => {
    await createCustomIntegration(env.api, "runs", env.providerApi.url);
    await putPipeline(
      env.api,
      "runs",
      functionPipeline(
        `export default async (ctx) => {
                const contact = await ctx.proxy({ endpoint: "/contacts/" + ctx.event.payload.object.id });
                ctx.log.info("fetched", contact.status);
                return { id: contact.data.id, email: contact.data.email };
              }`,
        { eventTypes: ["contact.*"] },
      ),
    );
    const webhookId = await sendEvent(env.app.url, env.publicId, "runs", { type: "contact.updated", object: { id: "c-42" } });
    const run = await waitUntil(
      () => db().pipelineRun.findFirst({ where: { webhookId } }),
      (r) => r?.status === "succeeded",
    );
    const caller = await callerOf(EMAIL);
    const view = await caller.pipelines.run({ id: run!.id });

    expect(view).toMatchObject({
      id: run!.id,
      status: "succeeded",
      integrationKey: "runs",
      versionNumber: 1,
      eventType: "contact.updated",
      webhookId,
      connectionId: "acme",
      title: "Pipeline v1: contact.updated",
    });
    expect(view.nodes.map((n) => [n.key, n.type, n.status])).toEqual([
      ["t1", "trigger", "succeeded"],
      ["f1", "function", "succeeded"],
      ["w1", "forward", "succeeded"],
    ]);
    const [trigger, fn, forward] = view.nodes;
    expect(trigger!.input).toMatchObject({ type: "contact.updated", object: { id: "c-42" } });
    expect(fn!.input).toEqual(trigger!.output);
    expect(fn!.output).toEqual({ id: "c-42", email: "c-42@example.com" });
    expect(forward!.input).toEqual(fn!.output);
    expect(forward!.output).toMatchObject({ type: "forward", payload: { id: "c-42", email: "c-42@example.com" } });
    expect(fn!.logs.map((m) => m.message)).toContain("console: fetched 200");
    expect(fn!.apiCalls).toHaveLength(1);
    expect(fn!.apiCalls[0]).toMatchObject({ title: expect.stringContaining("GET /contacts/c-42") as unknown, status: "success" });
    expect(fn!.apiCalls[0]!.durationMs).toBeGreaterThanOrEqual(0);
    for (const node of view.nodes) {
      expect(node.durationMs).toBeGreaterThanOrEqual(0);
      expect(node.startedAt).not.toBeNull();
    }
    const times = view.nodes.map((n) => Date.parse(n.startedAt!));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // The pipeline page's list of recent runs has it, newest first.
    await sendEvent(env.app.url, env.publicId, "runs", { type: "contact.created", object: { id: "c-43" } });
    const runs = await waitUntil(
      () => caller.pipelines.runs({ key: "runs" }),
      (list) => list.length === 2 && list.every((r) => r.status === "succeeded"),
    );
    expect(runs.map((r) => [r.eventType, r.versionNumber, r.connectionId])).toEqual([
      ["contact.created", 1, "acme"],
      ["contact.updated", 1, "acme"],
    ]);
    expect(runs[1]!.id).toBe(run!.id);
  });

  it("answers NOT_FOUND for another account's run and for an id that is not a run", async () => {
    const run = await db().pipelineRun.findFirstOrThrow();
    const eve = await signedInAccount("eve-runs@example.com");
    const notFound = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
      );
    expect(await notFound(eve.dev.pipelines.run({ id: run.id }))).toBe("NOT_FOUND");
    const own = await callerOf(EMAIL);
    expect(await notFound(own.pipelines.run({ id: "not-a-run" }))).toBe("NOT_FOUND");
    expect(await notFound(own.pipelines.run({ id: "0197c2d4-0000-7000-8000-000000000000" }))).toBe("NOT_FOUND");
    expect(await notFound(eve.dev.pipelines.runs({ key: "runs" }))).toBe("NOT_FOUND");
  });
});
