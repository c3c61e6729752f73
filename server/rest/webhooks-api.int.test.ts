import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../test/harness";
import { startReceiver, type Receiver } from "../test/receiver";
import { waitUntil } from "../test/wait";
import { createAccount, environmentKeys } from "../auth/accounts.service";
import { apiClient, type ApiClient } from "./test-client";
import type { Environment } from "../lib/generated/prisma/client";
import { getWebhookLogTree } from "../logs/logs.service";
import type { DeliveryView, WebhookDetail, WebhookSummary } from "../webhooks/webhooks.schema";
import type { ErrorBody } from "./errors";

// The webhook log through the REST API, as a customer's tooling reads it: list and
// filter, the whole story of one webhook, replay, and retrying a failed delivery.

let app: Awaited<ReturnType<typeof startTestApp>>;
let receiver: Receiver;
let api: ApiClient;
let other: ApiClient;
let publicId: string;
let environment: Environment;
const SECRET = "linear-signing-secret";

beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { SWITCHBOARD_FORWARD_RETRY_BASE_MS: "100" } });
  const { environments } = await createAccount({ email: "ops@example.com", password: "password123" });
  environment = environments[0]!;
  const keys = environmentKeys(environment);
  publicId = keys.publicId;
  receiver = await startReceiver(keys.forwardSigningSecret);
  api = apiClient(app.url, keys.secretKey);
  const stranger = await createAccount({ email: "stranger@example.com", password: "password123" });
  other = apiClient(app.url, environmentKeys(stranger.environments[0]!).secretKey);
  expect((await api.patch("/api/v1/environment", { forwardUrl: receiver.url })).status).toBe(200);
  expect((await api.post("/api/v1/integrations", { key: "linear", provider: "linear", webhookSecret: SECRET })).status).toBe(201);
  expect(
    (
      await api.post("/api/v1/connections", {
        integrationKey: "linear",
        connectionId: "org-a",
        attribution: { organizationId: "org-a-id" },
      })
    ).status,
  ).toBe(201);
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

/**
 * POSTs a Linear webhook signed with SECRET to an environment's endpoint. `splice`, when
 * given, replaces the string "SPLICE" in the JSON written, for bodies JSON.stringify cannot write.
 */
function postLinear(body: Record<string, unknown>, toPublicId = publicId, splice?: string): Promise<Response> {
  const json = JSON.stringify({ webhookTimestamp: Date.now(), ...body });
  const raw = splice === undefined ? json : json.replace('"SPLICE"', splice);
  return fetch(`${app.url}/webhooks/${toPublicId}/linear`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "linear-signature": createHmac("sha256", SECRET).update(raw).digest("hex"),
      "linear-delivery": randomUUID(),
    },
    body: raw,
  });
}

async function sendLinear(body: Record<string, unknown>, splice?: string): Promise<string> {
  const response = await postLinear(body, publicId, splice);
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

const waitFor = <T>(read: () => Promise<T>, done: (value: T) => boolean) => waitUntil(read, done, 15_000);

const issue = (organizationId: string, id: string) => ({
  action: "create",
  type: "Issue",
  organizationId,
  data: { id, title: "Crash on start" },
});

describe("webhooks API", () => {
  let firstId: string;

  it("shows a webhook's whole story: events, attribution, deliveries and attempts", async () => {
    firstId = await sendLinear(issue("org-a-id", "issue-1"));
    const detail = await waitFor(
      () => api.get<WebhookDetail>(`/api/v1/webhooks/${firstId}`),
      (r) => r.body.deliveries[0]?.status === "succeeded",
    );
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: firstId,
      integrationKey: "linear",
      provider: "linear",
      status: "processed",
      eventCount: 1,
      bodyEncoding: "utf8",
    });
    expect(detail.body.headers["linear-signature"]).toBe("[redacted]");
    expect(detail.body.events[0]).toMatchObject({
      type: "Issue.create",
      connectionId: "org-a",
      attributionStatus: "attributed",
      status: "forwarded",
    });
    expect(detail.body.deliveries[0]!.attempts).toHaveLength(1);
    expect(detail.body.deliveries[0]!.attempts[0]!.statusCode).toBe(200);
    expect(receiver.received.at(-1)!.headers["webhook-id"]).toBe(detail.body.deliveries[0]!.id);
  });

  it("lists webhooks newest first with filters and cursor pagination", async () => {
    const secondId = await sendLinear(issue("unknown-org", "issue-2"));
    await waitFor(
      () => api.get<WebhookDetail>(`/api/v1/webhooks/${secondId}`),
      (r) => r.body.status === "processed",
    );
    const all = await api.get<{ data: WebhookSummary[]; nextCursor: string | null }>("/api/v1/webhooks?limit=1");
    expect(all.body.data.map((w) => w.id)).toEqual([secondId]);
    const next = await api.get<{ data: WebhookSummary[] }>(`/api/v1/webhooks?limit=1&cursor=${all.body.nextCursor}`);
    expect(next.body.data.map((w) => w.id)).toEqual([firstId]);
    const byConnection = await api.get<{ data: WebhookSummary[] }>("/api/v1/webhooks?connectionId=org-a");
    expect(byConnection.body.data.map((w) => w.id)).toEqual([firstId]);
    const byType = await api.get<{ data: WebhookSummary[] }>("/api/v1/webhooks?type=Issue.create&integrationKey=linear&status=processed");
    expect(byType.body.data.map((w) => w.id)).toEqual([secondId, firstId]);
    const none = await api.get<{ data: WebhookSummary[] }>(`/api/v1/webhooks?since=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(none.body.data).toEqual([]);
    expect((await api.get("/api/v1/webhooks?limit=1000")).status).toBe(400);
    const badTime = await api.get<ErrorBody>("/api/v1/webhooks?since=yesterday");
    expect(badTime.status).toBe(400);
    expect(badTime.body.error.message).toBe("since: must be an ISO 8601 date-time, e.g. 2026-01-31T09:00:00Z");
  });

  it("replays a webhook as a new delivery", async () => {
    const before = receiver.received.length;
    const replay = await api.post<{ replayId: string }>(`/api/v1/webhooks/${firstId}/replay`, undefined);
    expect(replay.status).toBe(202);
    await receiver.waitFor(before + 1);
    const detail = await waitFor(
      () => api.get<WebhookDetail>(`/api/v1/webhooks/${firstId}`),
      (r) => r.body.deliveries.length === 2 && r.body.deliveries.every((d) => d.status === "succeeded"),
    );
    const [original, replayed] = detail.body.deliveries;
    expect(replayed!.id).not.toBe(original!.id);
    expect((receiver.received.at(-1)!.json as { connectionId: string }).connectionId).toBe("org-a");
  });

  it("retries a failed delivery with the same webhook-id", async () => {
    receiver.respondWith(410);
    const id = await sendLinear(issue("org-a-id", "issue-3"));
    const failed = await waitFor(
      () => api.get<WebhookDetail>(`/api/v1/webhooks/${id}`),
      (r) => r.body.deliveries[0]?.status === "failed",
    );
    const delivery = failed.body.deliveries[0]!;
    expect(delivery.lastError).toMatch(/410.*not retried/);
    const retried = await api.post<DeliveryView>(`/api/v1/deliveries/${delivery.id}/retry`, undefined);
    expect(retried.status).toBe(202);
    const done = await waitFor(
      () => api.get<WebhookDetail>(`/api/v1/webhooks/${id}`),
      (r) => r.body.deliveries[0]?.status === "succeeded",
    );
    expect(done.body.deliveries[0]!.attempts.map((a) => a.statusCode)).toEqual([410, 200]);
    const forwards = receiver.received.filter((r) => r.headers["webhook-id"] === delivery.id);
    expect(forwards).toHaveLength(2);
    expect((await api.post(`/api/v1/deliveries/${delivery.id}/retry`, undefined)).status).toBe(409);
  });

  it("drops unattributed events when the environment says so, and logs why", async () => {
    expect((await api.patch("/api/v1/environment", { unattributedPolicy: "drop" })).status).toBe(200);
    const id = await sendLinear(issue("nobody", "issue-4"));
    const detail = await waitFor(
      () => api.get<WebhookDetail>(`/api/v1/webhooks/${id}`),
      (r) => r.body.status === "processed",
    );
    expect(detail.body.events[0]).toMatchObject({
      attributionStatus: "unattributed",
      status: "dropped",
      note: "Dropped: this environment drops events without a connection",
    });
    expect(detail.body.deliveries).toEqual([]);
    // Its log says why, and keeps saying so after the setting changes back.
    const tree = await getWebhookLogTree(environment, id);
    const event = tree.find((op) => op.id === detail.body.events[0]!.id);
    expect(event).toMatchObject({ type: "event", status: "skipped", depth: 1 });
    expect(event!.messages.map((m) => m.message)).toEqual([
      "No connection matches organizationId=nobody. Dropped: this environment drops events without a connection",
    ]);
    expect((await api.patch("/api/v1/environment", { unattributedPolicy: "forward" })).status).toBe(200);
    expect((await getWebhookLogTree(environment, id)).find((op) => op.id === event!.id)!.messages[0]!.message).toMatch(
      /drops events without a connection/,
    );
  });

  it("keeps going past a webhook that cannot be processed, marking it failed", async () => {
    // Valid JSON nested deeper than the worker can write it out again: it must not block the queue.
    const depth = 50_000;
    const bad = await sendLinear(
      { ...issue("org-a-id", "issue-5"), data: { id: "issue-5", deep: "SPLICE" } },
      "[".repeat(depth) + "]".repeat(depth),
    );
    const good = await sendLinear(issue("org-a-id", "issue-6"));
    const badDetail = await waitFor(
      () => api.get<WebhookDetail>(`/api/v1/webhooks/${bad}`),
      (r) => r.body.status !== "pending",
    );
    expect(badDetail.body.status).toBe("failed");
    expect(badDetail.body.error).toMatch(/^The webhook's JSON is nested too deeply to process/);
    // Its log tells the failure and why.
    const [op] = await getWebhookLogTree(environment, bad);
    expect(op).toMatchObject({ id: bad, type: "webhook", status: "failed", title: "Linear webhook could not be processed" });
    expect(op!.messages.map((m) => [m.level, m.message])).toEqual([
      ["error", expect.stringMatching(/^Received POST \/webhooks\/.+\. Processing failed: .+/) as unknown],
    ]);
    const goodDetail = await waitFor(
      () => api.get<WebhookDetail>(`/api/v1/webhooks/${good}`),
      (r) => r.body.deliveries[0]?.status === "succeeded",
    );
    expect(goodDetail.body.status).toBe("processed");
    // Nothing of the webhook that could not be stored reached the backend.
    expect(receiver.received.filter((r) => r.body.includes("issue-5"))).toEqual([]);
    // A replay processes it anew; the replay's log keeps the failure it replaces.
    expect((await api.post(`/api/v1/webhooks/${bad}/replay`, undefined)).status).toBe(202);
    const replayed = await waitFor(
      () => getWebhookLogTree(environment, bad),
      (tree) => tree[0]!.status === "failed" && tree.some((o) => o.type === "replay"),
    );
    expect(replayed.find((o) => o.type === "replay")!.messages[0]!.message).toMatch(
      /^Processing had failed \(.+\); queued to be processed again from its stored body$/,
    );
  });

  it("hides other accounts' webhooks and deliveries", async () => {
    expect((await other.get(`/api/v1/webhooks/${firstId}`)).status).toBe(404);
    expect((await other.post(`/api/v1/webhooks/${firstId}/replay`, undefined)).status).toBe(404);
    const detail = await api.get<WebhookDetail>(`/api/v1/webhooks/${firstId}`);
    expect((await other.post(`/api/v1/deliveries/${detail.body.deliveries[0]!.id}/retry`, undefined)).status).toBe(404);
    expect((await other.get<{ data: unknown[] }>("/api/v1/webhooks")).body.data).toEqual([]);
    expect((await api.get("/api/v1/webhooks/not-an-id")).status).toBe(404);
  });
});

describe("attribution edge cases and destination policy", () => {
  const SLACK_SECRET = "slack-signing-secret";

  async function sendSlack(body: Record<string, unknown>): Promise<string> {
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`${app.url}/webhooks/${publicId}/slack`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": "v0=" + createHmac("sha256", SLACK_SECRET).update(`v0:${ts}:${raw}`).digest("hex"),
      },
      body: raw,
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }

  it("marks an event ambiguous when its identifiers point at different connections, and forwards it without one", async () => {
    expect((await api.post("/api/v1/integrations", { key: "slack", provider: "slack", webhookSecret: SLACK_SECRET })).status).toBe(201);
    expect(
      (await api.post("/api/v1/connections", { integrationKey: "slack", connectionId: "workspace", attribution: { teamId: "T1" } })).status,
    ).toBe(201);
    expect(
      (await api.post("/api/v1/connections", { integrationKey: "slack", connectionId: "enterprise", attribution: { enterpriseId: "E1" } }))
        .status,
    ).toBe(201);
    const id = await sendSlack({
      type: "event_callback",
      team_id: "T1",
      enterprise_id: "E1",
      event_id: "Ev1",
      event: { type: "message", text: "hi" },
    });
    const detail = await waitFor(
      () => api.get<WebhookDetail>(`/api/v1/webhooks/${id}`),
      (r) => r.body.deliveries[0]?.status === "succeeded",
    );
    expect(detail.body.events[0]).toMatchObject({ type: "message", attributionStatus: "ambiguous", connectionId: null });
    const forward = receiver.received.find((r) => r.headers["webhook-id"] === detail.body.deliveries[0]!.id)!;
    expect((forward.json as { connectionId: string | null }).connectionId).toBeNull();
  });

  it("refuses to forward to a private address from an environment that does not allow it", async () => {
    const { environments } = await createAccount({ email: "prod-owner@example.com", password: "password123" });
    const prod = environments.find((e) => e.name === "prod")!;
    const prodApi = apiClient(app.url, environmentKeys(prod).secretKey);
    expect((await prodApi.patch("/api/v1/environment", { forwardUrl: receiver.url })).status).toBe(200);
    expect((await prodApi.post("/api/v1/integrations", { key: "linear", provider: "linear", webhookSecret: SECRET })).status).toBe(201);
    const before = receiver.received.length;
    const response = await postLinear(issue("x", "issue-prod"), prod.publicId);
    const { id } = (await response.json()) as { id: string };
    const detail = await waitFor(
      () => prodApi.get<WebhookDetail>(`/api/v1/webhooks/${id}`),
      (r) => r.body.deliveries[0]?.attempts.length === 1,
    );
    expect(detail.body.deliveries[0]!.attempts[0]!.error).toMatch(/private address/);
    expect(receiver.received.length).toBe(before);
  });
});
