import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../../test/harness";
import { startReceiver, type Receiver } from "../../test/receiver";
import { waitUntil } from "../../test/wait";
import { environmentKeys } from "../../auth/accounts.service";
import { createConnection } from "../../connections/connections.service";
import { getEnvironmentForAccount } from "../../environments/environments.service";
import { signedInAccount } from "../test-client";

// The webhooks router as the dashboard calls it: real webhooks through the real endpoint
// and worker, forwarded to a real receiver, then read back (list, detail, log tree,
// rejections), replayed and retried, and never visible to another account.

let app: Awaited<ReturnType<typeof startTestApp>>;
let receiver: Receiver;
let ada: Awaited<ReturnType<typeof signedInAccount>>;
let eve: Awaited<ReturnType<typeof signedInAccount>>;
let publicId: string;
const SECRET = "gh-webhook-secret";

beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { SWITCHBOARD_FORWARD_RETRY_BASE_MS: "100" } });
  ada = await signedInAccount("ada@example.com");
  eve = await signedInAccount("eve@example.com");
  const environment = await getEnvironmentForAccount(ada.devCtx.user!.accountId, "dev");
  const keys = environmentKeys(environment);
  publicId = keys.publicId;
  receiver = await startReceiver(keys.forwardSigningSecret);
  await ada.dev.environments.update({ forwardUrl: receiver.url });
  await ada.dev.integrations.create({ key: "gh", provider: "github", webhookSecret: SECRET });
  await createConnection(environment, { integrationKey: "gh", connectionId: "octo", attribution: { installationId: 42 } });
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

async function sendGithub(event: string, payload: Record<string, unknown>, secret = SECRET): Promise<Response> {
  const raw = JSON.stringify(payload);
  return fetch(`${app.url}/webhooks/${publicId}/gh?source=test`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`,
    },
    body: raw,
  });
}

const waitFor = <T>(read: () => Promise<T>, done: (value: T) => boolean) => waitUntil(read, done, 15_000);

const issue = (installationId: number, number: number) => ({
  action: "opened",
  installation: { id: installationId },
  issue: { number, title: "Crash on start" },
});

describe("webhooks router", () => {
  let firstId: string;

  it("lists a received webhook and shows its whole story", async () => {
    const response = await sendGithub("issues", issue(42, 1));
    expect(response.status).toBe(200);
    firstId = ((await response.json()) as { id: string }).id;

    const detail = await waitFor(
      () => ada.dev.webhooks.get({ id: firstId }),
      (d) => d.deliveries.length === 1 && d.deliveries[0]!.status === "succeeded",
    );
    expect(detail).toMatchObject({ id: firstId, integrationKey: "gh", provider: "github", status: "processed", method: "POST" });
    expect(detail.query).toBe("source=test");
    expect(detail.headers["x-hub-signature-256"]).toBe("[redacted]");
    expect(JSON.parse(detail.body)).toMatchObject({ action: "opened" });
    expect(detail.events).toHaveLength(1);
    expect(detail.events[0]).toMatchObject({
      type: "issues.opened",
      attributionStatus: "attributed",
      connectionId: "octo",
      status: "forwarded",
    });
    expect(detail.deliveries[0]!.attempts[0]).toMatchObject({ number: 1, statusCode: 200 });

    const list = await ada.dev.webhooks.list({ integrationKey: "gh" });
    expect(list.items[0]).toMatchObject({
      id: firstId,
      eventTypes: ["issues.opened"],
      eventCount: 1,
      deliveries: { succeeded: 1, pending: 0, failed: 0 },
    });
    expect((await ada.dev.webhooks.list({ connectionId: "octo" })).items.map((w) => w.id)).toContain(firstId);
    expect((await ada.dev.webhooks.list({ type: "push" })).items).toEqual([]);
    expect((await ada.dev.webhooks.list({ since: new Date(Date.now() + 60_000).toISOString() })).items).toEqual([]);
  });

  it("gives the log tree: the webhook, its event, the forward, with messages in order", async () => {
    const tree = await ada.dev.webhooks.logTree({ id: firstId });
    expect(tree.map((op) => [op.type, op.depth])).toEqual([
      ["webhook", 0],
      ["event", 1],
      ["forward", 2],
    ]);
    expect(tree[0]!.messages[0]!.message).toMatch(/^Received POST/);
    expect(tree[1]!.connectionId).toBe("octo");
    expect(tree[2]!.messages.some((m) => m.message.startsWith("Attempt 1: HTTP 200"))).toBe(true);
  });

  it("replays a webhook; the replay joins its log tree", async () => {
    const { replayId } = await ada.dev.webhooks.replay({ id: firstId });
    const tree = await waitFor(
      () => ada.dev.webhooks.logTree({ id: firstId }),
      (t) => t.some((op) => op.id === replayId),
    );
    expect(tree.find((op) => op.id === replayId)).toMatchObject({ type: "replay", depth: 1 });
    await receiver.waitFor(2);
  });

  it("retries a failed delivery by hand", async () => {
    receiver.respondWith(404);
    const id = ((await (await sendGithub("issues", issue(42, 2))).json()) as { id: string }).id;
    const failed = await waitFor(
      () => ada.dev.webhooks.get({ id }),
      (d) => d.deliveries[0]?.status === "failed",
    );
    const deliveryId = failed.deliveries[0]!.id;
    expect((await ada.dev.webhooks.list({})).items.find((w) => w.id === id)?.deliveries).toEqual({ pending: 0, succeeded: 0, failed: 1 });
    expect(await ada.dev.webhooks.retryDelivery({ deliveryId })).toMatchObject({ id: deliveryId, status: "pending" });
    const retried = await waitFor(
      () => ada.dev.webhooks.get({ id }),
      (d) => d.deliveries[0]?.status === "succeeded",
    );
    expect(retried.deliveries[0]!.attempts.map((a) => a.statusCode)).toEqual([404, 200]);
    await expect(ada.dev.webhooks.retryDelivery({ deliveryId })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("lists rejected requests with their reason and request, but no webhook", async () => {
    const response = await sendGithub("issues", issue(42, 3), "wrong-secret");
    expect(response.status).toBe(401);
    const rejections = await waitFor(
      () => ada.dev.webhooks.rejections({}),
      (r) => r.items.length > 0,
    );
    expect(rejections.items[0]).toMatchObject({ integrationKey: "gh", provider: "github", statusCode: 401, method: "POST" });
    expect(rejections.items[0]!.reason).toBeTruthy();
    expect(rejections.items[0]!.headers["x-hub-signature-256"]).toBe("[redacted]");
    expect(rejections.items[0]!.body).toContain("Crash on start");
    expect((await ada.dev.webhooks.rejections({ integrationKey: "other" })).items).toEqual([]);
    expect((await ada.dev.webhooks.list({})).items.every((w) => w.status !== "failed")).toBe(true);
  });

  it("answers NOT_FOUND for another account's or another environment's webhook", async () => {
    for (const caller of [eve.dev, ada.prod]) {
      await expect(caller.webhooks.get({ id: firstId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(caller.webhooks.logTree({ id: firstId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(caller.webhooks.replay({ id: firstId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect((await caller.webhooks.list({})).items).toEqual([]);
      expect((await caller.webhooks.rejections({})).items).toEqual([]);
    }
    const detail = await ada.dev.webhooks.get({ id: firstId });
    await expect(eve.dev.webhooks.retryDelivery({ deliveryId: detail.deliveries[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ada.dev.webhooks.get({ id: "not-a-uuid" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
