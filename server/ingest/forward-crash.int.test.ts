import type { ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, environmentKeys } from "../auth/accounts.service";
import { createConnection } from "../connections/connections.service";
import { updateEnvironment } from "../environments/environments.service";
import { createIntegration } from "../integrations/integrations.service";
import { db } from "../lib/db";
import type { Environment } from "../lib/generated/prisma/client";
import { startTestApp } from "../test/harness";
import { killProcess, startWorkerProcess } from "../test/worker-process";

// A worker killed (SIGKILL) while an event's first forward is in flight: its batch was
// not committed, so the webhook is still pending. The next worker processes it again and
// sends the forward under the same webhook-id, which lets the backend drop the repeat;
// Switchboard ends up with one event and one delivery.

const SECRET = "gh-webhook-secret";

let app: Awaited<ReturnType<typeof startTestApp>>;
let env: Environment;
let backend: Server;
let backendUrl: string;
const children: ChildProcess[] = [];

interface Arrival {
  headers: Record<string, string>;
  body: string;
  res: ServerResponse;
}
const arrivals: Arrival[] = [];
let answer = false;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
  const account = await createAccount({ email: "crash@example.com", password: "password123" });
  env = account.environments.find((e) => e.name === "dev")!;
  // The customer's backend: holds its answer until the test lets it go.
  backend = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      arrivals.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString(), res });
      if (answer) res.end("ok");
    });
  });
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  backendUrl = `http://127.0.0.1:${(backend.address() as { port: number }).port}/hooks`;
  env = await updateEnvironment(env.id, { forwardUrl: backendUrl });
  await createIntegration(env, { key: "github", provider: "github", webhookSecret: SECRET }, app.url);
  await createConnection(env, { integrationKey: "github", connectionId: "acme", attribution: { installationId: "42" } });
});

afterAll(async () => {
  for (const child of children) await killProcess(child);
  backend?.closeAllConnections();
  await new Promise((resolve) => backend?.close(resolve));
  await app?.stop();
});

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a worker that dies mid-forward", () => {
  it("sends the forward again under the same webhook-id, and records it once", async () => {
    const body = JSON.stringify({ action: "opened", issue: { id: 1, number: 1 }, installation: { id: 42 } });
    const response = await fetch(`${app.url}/webhooks/${env.publicId}/github`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": "sha256=" + createHmac("sha256", SECRET).update(body).digest("hex"),
      },
      body,
    });
    expect(response.status).toBe(200);
    const { id: webhookId } = (await response.json()) as { id: string };

    const first = await startWorkerProcess(app.db.url);
    children.push(first);
    await until(() => arrivals.length === 1, "the first forward");
    await killProcess(first);
    arrivals[0]!.res.destroy();

    answer = true;
    children.push(await startWorkerProcess(app.db.url));
    await until(() => arrivals.length === 2, "the forward sent again");
    const verifier = new Webhook(environmentKeys(env).forwardSigningSecret);
    for (const arrival of arrivals) expect(() => verifier.verify(arrival.body, arrival.headers)).not.toThrow();
    expect(arrivals[1]!.headers["webhook-id"]).toBe(arrivals[0]!.headers["webhook-id"]);
    expect(JSON.parse(arrivals[1]!.body)).toEqual(JSON.parse(arrivals[0]!.body));

    await until(async () => (await db().webhook.findUniqueOrThrow({ where: { id: webhookId } })).status === "processed", "processed");
    const events = await db().event.findMany({ where: { webhookId } });
    const deliveries = await db().delivery.findMany({ where: { webhookId }, include: { attempts: true } });
    expect(events).toHaveLength(1);
    expect(events[0]!.status).toBe("forwarded");
    expect(deliveries.map((d) => [d.id, d.status, d.attempts.length])).toEqual([[arrivals[0]!.headers["webhook-id"], "succeeded", 1]]);
    // Nothing more is sent once it is recorded.
    await new Promise((r) => setTimeout(r, 500));
    expect(arrivals).toHaveLength(2);
  });
});
