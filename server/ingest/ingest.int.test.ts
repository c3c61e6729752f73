import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../test/harness";
import { startReceiver, type Receiver } from "../test/receiver";
import { waitUntil } from "../test/wait";
import { createAccount, environmentKeys } from "../auth/accounts.service";
import { updateEnvironment } from "../environments/environments.service";
import { createIntegration } from "../integrations/integrations.service";
import { createConnection } from "../connections/connections.service";
import { db } from "../lib/db";
import { getWebhookLogTree } from "../logs/logs.service";
import type { Environment } from "../lib/generated/prisma/client";

// The webhook path end to end: the real HTTP server, the real worker, and a real
// receiver that verifies Standard Webhooks signatures as a customer's backend would.

let app: Awaited<ReturnType<typeof startTestApp>>;
let receiver: Receiver;
let env: Environment;

const GITHUB_SECRET = "gh-webhook-secret";
const HUBSPOT_CLIENT_SECRET = "hubspot-client-secret";

beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { SWITCHBOARD_FORWARD_RETRY_BASE_MS: "100" } });
  const account = await createAccount({ email: "dev@example.com", password: "password123" });
  env = account.environments.find((e) => e.name === "dev")!;
  receiver = await startReceiver(environmentKeys(env).forwardSigningSecret);
  env = await updateEnvironment(env.id, { forwardUrl: receiver.url });
  await createIntegration(env, { key: "github", provider: "github", webhookSecret: GITHUB_SECRET }, app.url);
  await createIntegration(env, { key: "hubspot", provider: "hubspot", clientId: "client", clientSecret: HUBSPOT_CLIENT_SECRET }, app.url);
  await createConnection(env, { integrationKey: "github", connectionId: "acme", attribution: { installationId: "42" } });
  await createConnection(env, { integrationKey: "hubspot", connectionId: "portal-a", attribution: { portalId: "111" } });
  await createConnection(env, { integrationKey: "hubspot", connectionId: "portal-b", attribution: { portalId: "222" } });
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

function githubRequest(body: object, options: { event?: string; delivery?: string; secret?: string; tamper?: boolean } = {}) {
  const raw = JSON.stringify(body);
  const signature =
    "sha256=" +
    createHmac("sha256", options.secret ?? GITHUB_SECRET)
      .update(raw)
      .digest("hex");
  return fetch(`${app.url}/webhooks/${env.publicId}/github`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": options.event ?? "issues",
      "x-github-delivery": options.delivery ?? randomUUID(),
      "x-hub-signature-256": signature,
    },
    body: options.tamper ? raw.replace("opened", "closed") : raw,
  });
}

function hubspotRequest(events: object[]) {
  const raw = JSON.stringify(events);
  const url = `${app.url}/webhooks/${env.publicId}/hubspot`;
  const timestamp = String(Date.now());
  const signature = createHmac("sha256", HUBSPOT_CLIENT_SECRET).update(`POST${url}${raw}${timestamp}`).digest("base64");
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": timestamp },
    body: raw,
  });
}

const issueOpened = (id: number) => ({
  action: "opened",
  issue: { id, number: id, title: "Bug" },
  installation: { id: 42 },
  repository: { id: 7 },
});

/** The stored webhook once the worker has processed it, or failed to. */
function settled(id: string) {
  return waitUntil(
    () => db().webhook.findUniqueOrThrow({ where: { id } }),
    (row) => row.status !== "pending",
  );
}

function forwardsOf(predicate: (json: Record<string, unknown>) => boolean) {
  return receiver.received.filter((r) => predicate(r.json as Record<string, unknown>));
}

describe("webhook ingestion", () => {
  it("stores a signed GitHub webhook before acknowledging it and forwards it signed, attributed", async () => {
    const delivery = randomUUID();
    const response = await githubRequest(issueOpened(1), { delivery });
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    // Durable before the acknowledgement: the row exists as soon as we have the answer.
    const stored = await db().webhook.findUnique({ where: { id } });
    expect(Buffer.from(stored!.body).toString()).toBe(JSON.stringify(issueOpened(1)));

    await receiver.waitFor(1);
    const forward = receiver.received[0]!;
    expect(forward.verified).toBe(true);
    expect(forward.json).toMatchObject({
      type: "forward",
      from: "github",
      integrationKey: "github",
      connectionId: "acme",
      eventType: "issues.opened",
      eventId: delivery,
      payload: issueOpened(1),
    });
  });

  it("splits a HubSpot batch for two portals into two forwards for two connections", async () => {
    const before = receiver.received.length;
    const response = await hubspotRequest([
      {
        eventId: 9001,
        subscriptionType: "contact.propertyChange",
        portalId: 111,
        objectId: 5,
        propertyName: "email",
        propertyValue: "a@x.io",
        occurredAt: Date.now(),
      },
      { eventId: 9002, subscriptionType: "contact.creation", portalId: 222, objectId: 6, occurredAt: Date.now() },
    ]);
    expect(response.status).toBe(200);
    await receiver.waitFor(before + 2);
    const forwards = forwardsOf((j) => j.integrationKey === "hubspot");
    expect(forwards.map((f) => (f.json as { connectionId: string }).connectionId).sort()).toEqual(["portal-a", "portal-b"]);
    expect(forwards.every((f) => f.verified)).toBe(true);
  });

  it("forwards a provider's repeated delivery once", async () => {
    const delivery = randomUUID();
    // Counted before sending: the first copy can be forwarded before the second is acknowledged.
    const before = receiver.received.length;
    expect((await githubRequest(issueOpened(2), { delivery })).status).toBe(200);
    expect((await githubRequest(issueOpened(2), { delivery })).status).toBe(200);
    await receiver.waitFor(before + 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(forwardsOf((j) => j.eventId === delivery)).toHaveLength(1);
    const events = await db().event.findMany({ where: { providerEventId: delivery }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.status).sort()).toEqual(["duplicate", "forwarded"]);
  });

  it("forwards once when a provider sends the same event several times at once", async () => {
    // Copies that land in one batch, and copies that land in batches running side by side.
    const delivery = randomUUID();
    const responses = await Promise.all(Array.from({ length: 8 }, () => githubRequest(issueOpened(9), { delivery })));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const events = await waitUntil(
      () => db().event.findMany({ where: { providerEventId: delivery } }),
      (rows) => rows.length === 8 && rows.every((e) => e.status !== "pending"),
    );
    const [original, ...others] = [...events].sort((a, b) => (a.status === "forwarded" ? -1 : b.status === "forwarded" ? 1 : 0));
    expect(original!.status).toBe("forwarded");
    expect(others.map((e) => [e.status, e.duplicateOf])).toEqual(Array(7).fill(["duplicate", original!.id]));
    await new Promise((r) => setTimeout(r, 500));
    expect(forwardsOf((j) => j.eventId === delivery)).toHaveLength(1);
  });

  it("retries a receiver's 500 with the same webhook-id", async () => {
    receiver.respondWith(500);
    const delivery = randomUUID();
    await githubRequest(issueOpened(3), { delivery });
    const deadline = Date.now() + 15_000;
    while (forwardsOf((j) => j.eventId === delivery).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const attempts = forwardsOf((j) => j.eventId === delivery);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.headers["webhook-id"]).toBe(attempts[1]!.headers["webhook-id"]);
    // The receiver has answered; the outcome is recorded right after.
    const read = () => db().delivery.findUniqueOrThrow({ where: { id: attempts[0]!.headers["webhook-id"] }, include: { attempts: true } });
    let row = await read();
    while (row.status === "pending" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      row = await read();
    }
    expect(row.status).toBe("succeeded");
    expect(row.attempts.map((a) => a.statusCode).sort()).toEqual([200, 500]);
    // The webhook's log shows the forward with both attempts, in order.
    const tree = await getWebhookLogTree(env, row.webhookId!);
    const forward = tree.find((o) => o.id === row.id)!;
    expect(forward).toMatchObject({ type: "forward", status: "success", parentId: row.eventId });
    expect(forward.messages.map((m) => [m.level, m.message.replace(/in \d+ ms/, "in N ms")])).toEqual([
      ["warn", "Attempt 1: HTTP 500 in N ms. Retried"],
      ["info", "Attempt 2: HTTP 200 in N ms"],
    ]);
  });

  it("does not retry a receiver's 404", async () => {
    receiver.respondWith(404);
    const delivery = randomUUID();
    await githubRequest(issueOpened(4), { delivery });
    const deadline = Date.now() + 10_000;
    let row = null;
    while (Date.now() < deadline) {
      const event = await db().event.findFirst({ where: { providerEventId: delivery } });
      row = event ? await db().delivery.findFirst({ where: { status: "failed", eventId: event.id } }) : null;
      if (row) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(row?.attemptCount).toBe(1);
    await new Promise((r) => setTimeout(r, 800));
    expect(forwardsOf((j) => j.eventId === delivery)).toHaveLength(1);
  });

  it("records an answer with NUL bytes in it (a binary body) as the attempt's excerpt, and forwards once", async () => {
    receiver.answerWith(Buffer.from([0x6f, 0x6b, 0x00, 0x00, 0x01]));
    const delivery = randomUUID();
    const response = await githubRequest(issueOpened(6), { delivery });
    const { id } = (await response.json()) as { id: string };
    const webhook = await settled(id);
    expect(webhook).toMatchObject({ status: "processed", error: null });
    const forward = await db().delivery.findFirstOrThrow({ where: { webhookId: id }, include: { attempts: true } });
    expect(forward.status).toBe("succeeded");
    // Postgres text cannot hold NUL: each is shown as the replacement character.
    expect(forward.attempts.map((a) => a.responseExcerpt)).toEqual(["ok\uFFFD\uFFFD\u0001"]);
    await new Promise((r) => setTimeout(r, 500));
    expect(forwardsOf((j) => j.eventId === delivery)).toHaveLength(1);
  });

  it("stores and forwards text Postgres cannot hold as it is (a NUL, half an emoji), with U+FFFD in the event's type", async () => {
    const delivery = randomUUID();
    // JSON carries both as escapes (\u0000, \ud83d), which json_to_recordset refuses.
    const response = await githubRequest(
      { ...issueOpened(7), action: "opened\u0000", issue: { id: 7, title: "cut \ud83d" } },
      { delivery },
    );
    const { id } = (await response.json()) as { id: string };
    const webhook = await settled(id);
    expect(webhook).toMatchObject({ status: "processed", error: null });
    const forwards = await waitUntil(
      () => Promise.resolve(forwardsOf((j) => j.eventId === delivery)),
      (found) => found.length > 0,
    );
    expect(forwards.map((f) => f.json)).toMatchObject([
      { eventType: "issues.opened\uFFFD", payload: { action: "opened\u0000", issue: { title: "cut \ud83d" } } },
    ]);
    // The detail shows the payload as it came too.
    const event = await db().event.findFirstOrThrow({ where: { webhookId: id } });
    expect(event.payload).toMatchObject({ action: "opened\u0000", issue: { title: "cut \ud83d" } });
  });

  it("rejects bad signatures with 401, stores nothing and logs the rejection", async () => {
    const count = await db().webhook.count();
    expect((await githubRequest(issueOpened(5), { secret: "wrong" })).status).toBe(401);
    expect((await githubRequest(issueOpened(5), { tamper: true })).status).toBe(401);
    const unsigned = await fetch(`${app.url}/webhooks/${env.publicId}/github`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "issues" },
      body: "{}",
    });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()) as object).toMatchObject({ error: { code: "invalid_signature" } });
    // A body with a NUL byte in it is logged too, the byte shown as U+FFFD.
    const binary = await fetch(`${app.url}/webhooks/${env.publicId}/github`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", "x-github-event": "issues" },
      body: Buffer.from("bin\u0000ary"),
    });
    expect(binary.status).toBe(401);
    expect(await db().webhook.count()).toBe(count);
    const logged = await db().logOperation.findMany({
      where: { type: "webhook", status: "failed", title: { contains: "401" } },
      include: { messages: true },
    });
    expect(logged.length).toBeGreaterThanOrEqual(4);
    expect(logged.flatMap((op) => op.messages.map((m) => (m.data as { body?: string }).body))).toContain("bin\uFFFDary");
  });

  it("answers 404 for unknown environments and integrations alike, 413 above the size limit and 400 for malformed JSON", async () => {
    const a = await fetch(`${app.url}/webhooks/nope/github`, { method: "POST", body: "{}" });
    const b = await fetch(`${app.url}/webhooks/${env.publicId}/nope`, { method: "POST", body: "{}" });
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(await a.text()).toBe(await b.text());

    const big = await fetch(`${app.url}/webhooks/${env.publicId}/github`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(11 * 1024 * 1024),
    });
    expect(big.status).toBe(413);

    const raw = "{not json";
    const signature = "sha256=" + createHmac("sha256", GITHUB_SECRET).update(raw).digest("hex");
    const malformed = await fetch(`${app.url}/webhooks/${env.publicId}/github`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signature,
      },
      body: raw,
    });
    expect(malformed.status).toBe(400);
  });

  it("answers GitHub's ping without forwarding it", async () => {
    const before = receiver.received.length;
    const stored = await db().webhook.count();
    const response = await githubRequest({ zen: "Keep it logically awesome.", hook_id: 1 }, { event: "ping" });
    expect(response.status).toBe(200);
    // Answered as a handshake: nothing stored, so nothing can be forwarded later either.
    expect(await db().webhook.count()).toBe(stored);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received.length).toBe(before);
  });

  it("logs each webhook with its events and delivery attempts", async () => {
    const webhook = await db().webhook.findFirstOrThrow({
      where: { integrationId: (await db().integration.findFirstOrThrow({ where: { key: "hubspot" } })).id },
    });
    // As the webhook's page shows it: the webhook, then each event with its forward.
    const tree = await getWebhookLogTree(env, webhook.id);
    expect(tree[0]).toMatchObject({ id: webhook.id, depth: 0, status: "success" });
    expect(tree[0]!.messages.map((m) => m.message).join("\n")).toMatch(/Received POST/);
    const events = tree.filter((o) => o.type === "event");
    expect(events.map((e) => [e.depth, e.status])).toEqual([
      [1, "success"],
      [1, "success"],
    ]);
    expect(events.flatMap((e) => e.messages.map((m) => m.message)).join("\n")).toMatch(/Attributed to connection portal-a/);
    const forwards = tree.filter((o) => o.type === "forward");
    expect(forwards.map((f) => [f.depth, f.status, events.some((e) => e.id === f.parentId)])).toEqual([
      [2, "success", true],
      [2, "success", true],
    ]);
    for (const forward of forwards)
      expect(forward.messages.map((m) => m.message)).toEqual([expect.stringMatching(/^Attempt 1: HTTP 200 in \d+ ms$/)]);
  });
});
