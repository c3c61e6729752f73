import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "../test/harness";
import { startReceiver, type Receiver } from "../test/receiver";
import { createAccount, environmentKeys } from "../auth/accounts.service";
import { updateEnvironment } from "../environments/environments.service";
import { createIntegration } from "../integrations/integrations.service";
import { createConnection } from "../connections/connections.service";
import { db } from "../lib/db";
import { getProvider } from "../providers/registry";
import { allFixtures } from "../providers/__fixtures__";
import { hookBaseUrl } from "../providers/__fixtures__/helpers";
import type { ProviderFixtures } from "../providers/__fixtures__/helpers";
import type { IncomingWebhook } from "../providers/types";
import type { Environment } from "../lib/generated/prisma/client";

// Every provider end to end: its fixtures, signed as the provider signs them, sent to the
// real HTTP endpoint, processed by the real worker, and forwarded to a real receiver with
// the attribution the fixture expects. Handshakes are answered as the provider expects.

let app: Awaited<ReturnType<typeof startTestApp>>;
let receiver: Receiver;
let env: Environment;

const base = new URL(hookBaseUrl);
const publicId = base.pathname.split("/").pop()!;

function keyOf(fixtures: ProviderFixtures): string {
  const sample = fixtures.events[0] ?? fixtures.handshakes[0]!;
  return new URL(sample.build({ secret: fixtures.secret, at: new Date() }).url).pathname.split("/").pop()!;
}

async function send(webhook: IncomingWebhook): Promise<Response> {
  const url = new URL(webhook.url);
  return fetch(`${app.url}${url.pathname}${url.search}`, {
    method: webhook.method,
    headers: webhook.headers,
    body: webhook.method === "GET" ? undefined : new Uint8Array(webhook.rawBody),
  });
}

beforeAll(async () => {
  // The fixtures are signed for their own public URL (HubSpot signs the URL it calls).
  app = await startTestApp({ worker: true, env: { SWITCHBOARD_PUBLIC_URL: base.origin } });
  const account = await createAccount({ email: "providers@example.com", password: "password123" });
  env = await db().environment.update({ where: { id: account.environments[0]!.id }, data: { publicId } });
  receiver = await startReceiver(environmentKeys(env).forwardSigningSecret);
  env = await updateEnvironment(env.id, { forwardUrl: receiver.url });
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

describe.each(allFixtures.map((f) => [`${f.provider}${f.variant ? ` (${f.variant})` : ""}`, f] as const))(
  "%s end to end",
  (_name, fixtures) => {
    const key = keyOf(fixtures);
    const clientSecret = getProvider(fixtures.provider).webhooks.secretSource === "clientSecret";

    beforeAll(async () => {
      await createIntegration(
        env,
        {
          key,
          provider: fixtures.provider,
          clientId: "client-id",
          ...(clientSecret ? { clientSecret: fixtures.secret } : { webhookSecret: fixtures.secret }),
          settings: fixtures.settings,
        },
        app.url,
      );
    });

    it.each(fixtures.handshakes.map((h) => [h.name, h] as const))("answers the %s handshake", async (_n, handshake) => {
      const response = await send(handshake.build({ secret: fixtures.secret, at: new Date() }));
      expect(response.status).toBe(handshake.expected.status);
      expect(await response.text()).toBe(handshake.expected.body(fixtures.secret));
    });

    it.each(fixtures.events.map((e) => [e.name, e] as const))("forwards %s, attributed", async (_n, fixture) => {
      // One connection per event's account identifiers, so that attribution has something to find.
      const attributions = fixture.expected.map((e) => e.attribution);
      const owners: Array<string | null> = [];
      for (const attribution of attributions) {
        const pairs = Object.entries(attribution);
        if (pairs.length === 0) {
          owners.push(null);
          continue;
        }
        const existing = await db().connectionAttribution.findFirst({
          where: {
            integrationId: (await db().integration.findFirstOrThrow({ where: { key, environmentId: env.id } })).id,
            key: pairs[0]![0],
            value: pairs[0]![1],
          },
          include: { connection: true },
        });
        if (existing) {
          owners.push(existing.connection.connectionId);
          continue;
        }
        const connectionId = `conn-${key}-${owners.length}-${Math.random().toString(36).slice(2, 8)}`;
        await createConnection(env, { integrationKey: key, connectionId, attribution });
        owners.push(connectionId);
      }

      const webhook = fixture.build({ secret: fixtures.secret, at: new Date() });
      const before = receiver.received.length;
      const response = await send(webhook);
      expect(response.status, await response.clone().text()).toBe(200);
      const { id } = (await response.json()) as { id: string };

      const deadline = Date.now() + 15_000;
      let stored = await db().webhook.findUniqueOrThrow({ where: { id } });
      while (stored.status === "pending" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        stored = await db().webhook.findUniqueOrThrow({ where: { id } });
      }
      expect(stored.status).toBe("processed");
      const events = await db().event.findMany({ where: { webhookId: id }, orderBy: { index: "asc" } });
      expect(events.map((e) => e.type)).toEqual(fixture.expected.map((e) => e.type));
      const fresh = events.filter((e) => e.status !== "duplicate");
      await receiver.waitFor(before + fresh.length);
      const forwards = receiver.received
        .slice(before)
        .map((r) => ({ verified: r.verified, json: r.json as { eventType: string; connectionId: string | null; integrationKey: string } }));
      expect(forwards.every((f) => f.verified)).toBe(true);
      for (const [index, expected] of fixture.expected.entries()) {
        if (events[index]!.status === "duplicate") continue;
        const match = forwards.find(
          (f) => f.json.integrationKey === key && f.json.eventType === expected.type && f.json.connectionId === owners[index],
        );
        expect(match, `${expected.type} forwarded for ${owners[index]}`).toBeDefined();
      }
    });
  },
);
