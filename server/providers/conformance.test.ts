// One suite over every provider's fixtures: what each adapter must do, whatever the provider.

import { describe, expect, it } from "vitest";
import { allFixtures } from "./__fixtures__";
import { fixtureNow, insertWhitespace, withBody, type ExpectedEvent, type ProviderFixtures } from "./__fixtures__/helpers";
import { getProvider, listProviders, providerCatalog, providers } from "./registry";
import { providerIds, WebhookParseError, type IncomingWebhook, type WebhookContext, type WebhookEvent } from "./types";

const secondsAgo = (seconds: number) => new Date(fixtureNow.getTime() - seconds * 1000);
const wrongSecret = "not-the-configured-secret-0000";

function label(fixtures: ProviderFixtures): string {
  return fixtures.variant ? `${fixtures.provider} (${fixtures.variant})` : fixtures.provider;
}

function contextFor(fixtures: ProviderFixtures, overrides: Partial<WebhookContext> = {}): WebhookContext {
  return { secret: fixtures.secret, settings: fixtures.settings, now: fixtureNow, ...overrides };
}

/** The fields a fixture states; objectId and providerEventId only where the fixture gives them. */
function comparable(events: WebhookEvent[], expected: ExpectedEvent[]) {
  return events.map((event, index) => {
    const want = expected[index];
    return {
      type: event.type,
      attribution: event.attribution,
      idempotencyKey: event.idempotencyKey,
      ...(want && "objectId" in want ? { objectId: event.objectId } : {}),
      ...(want && "providerEventId" in want ? { providerEventId: event.providerEventId } : {}),
    };
  });
}

function isJson(webhook: IncomingWebhook): boolean {
  return /json/i.test(webhook.headers["content-type"] ?? "");
}

describe("registry", () => {
  it("has one provider per id, under its own id", () => {
    expect(Object.keys(providers).sort()).toEqual([...providerIds].sort());
    for (const id of providerIds) expect(getProvider(id).id).toBe(id);
    expect(listProviders().map((provider) => provider.id)).toEqual([...providerIds]);
  });

  it("has fixtures for every provider", () => {
    expect(new Set(allFixtures.map((fixtures) => fixtures.provider))).toEqual(new Set(providerIds));
  });

  it("offers a catalog of plain data", () => {
    expect(JSON.parse(JSON.stringify(providerCatalog))).toEqual(providerCatalog);
    expect(providerCatalog.map((entry) => entry.id)).toEqual([...providerIds]);
    for (const entry of providerCatalog) expect(entry.webhookSetup.length).toBeGreaterThan(80);
  });

  it("signs with the client secret only for HubSpot and Shopify", () => {
    const clientSecretProviders = listProviders().filter((provider) => provider.webhooks.secretSource === "clientSecret");
    expect(clientSecretProviders.map((provider) => provider.id).sort()).toEqual(["hubspot", "shopify"]);
  });
});

describe.each(allFixtures.map((fixtures) => [label(fixtures), fixtures] as const))("%s", (_label, fixtures) => {
  const adapter = getProvider(fixtures.provider).webhooks;
  const definition = getProvider(fixtures.provider);
  const context = contextFor(fixtures);
  const at = secondsAgo(2);

  describe.each(fixtures.events.map((event) => [event.name, event] as const))("event %s", (_name, event) => {
    const webhook = event.build({ secret: fixtures.secret, at });

    it("verifies when correctly signed", () => {
      expect(adapter.verify(webhook, context)).toEqual({ ok: true });
    });

    it("rejects a tampered body", () => {
      const tampered = (fixtures.tamper ?? insertWhitespace)(webhook);
      expect(adapter.verify(tampered, context).ok).toBe(false);
    });

    it("rejects a signature made with another secret", () => {
      expect(adapter.verify(event.build({ secret: wrongSecret, at }), context).ok).toBe(false);
    });

    it("rejects a request without its signature", () => {
      const result = adapter.verify(fixtures.unsign(webhook), context);
      expect(result.ok).toBe(false);
    });

    it("fails closed when no secret is configured", () => {
      expect(adapter.verify(webhook, contextFor(fixtures, { secret: undefined })).ok).toBe(false);
      expect(adapter.verify(webhook, contextFor(fixtures, { secret: "" })).ok).toBe(false);
    });

    if (fixtures.toleranceSec !== null) {
      const tolerance = fixtures.toleranceSec;
      it(`rejects timestamps outside ${tolerance}s, accepts those inside`, () => {
        const stale = adapter.verify(event.build({ secret: fixtures.secret, at: secondsAgo(tolerance + 60) }), context);
        expect(stale).toMatchObject({ ok: false, reason: expect.stringMatching(/timestamp/) as unknown });
        const future = adapter.verify(event.build({ secret: fixtures.secret, at: secondsAgo(-(tolerance + 60)) }), context);
        expect(future).toMatchObject({ ok: false, reason: expect.stringMatching(/timestamp/) as unknown });
        expect(adapter.verify(event.build({ secret: fixtures.secret, at: secondsAgo(tolerance - 10) }), context)).toEqual({ ok: true });
      });
    }

    it("is not mistaken for a handshake", () => {
      expect(adapter.handshake?.(webhook, context) ?? null).toBeNull();
    });

    it("splits into the expected events", () => {
      const events = adapter.split(webhook, context);
      expect(comparable(events, event.expected)).toEqual(event.expected);
      for (const split of events) {
        expect(split.payload).toBeDefined();
        for (const value of Object.values(split.attribution)) expect(typeof value).toBe("string");
        if (fixtures.provider !== "custom") {
          for (const key of Object.keys(split.attribution)) expect(definition.attributionKeys).toContain(key);
        }
      }
    });

    it("gives a retry the same idempotency keys", () => {
      const retry = event.build({ secret: fixtures.secret, at: secondsAgo(30) });
      const keys = (request: IncomingWebhook) => adapter.split(request, context).map((split) => split.idempotencyKey);
      expect(keys(retry)).toEqual(keys(webhook));
    });

    if (isJson(webhook)) {
      it("throws WebhookParseError on a body that is not JSON", () => {
        expect(() => adapter.split(withBody(webhook, '{"truncated": '), context)).toThrow(WebhookParseError);
      });
    }
  });

  describe.each(fixtures.handshakes.map((handshake) => [handshake.name, handshake] as const))("handshake %s", (_name, handshake) => {
    const webhook = handshake.build({ secret: fixtures.secret, at });

    it("is answered", () => {
      const answer = adapter.handshake?.(webhook, context) ?? null;
      expect(answer).toMatchObject({
        status: handshake.expected.status,
        body: handshake.expected.body(fixtures.secret),
        requiresSignature: handshake.expected.requiresSignature,
      });
      if (handshake.expected.contentType) expect(answer?.headers?.["content-type"]).toContain(handshake.expected.contentType);
    });

    if (handshake.expected.requiresSignature) {
      it("is signed, and refused unsigned or signed with another secret", () => {
        expect(adapter.verify(webhook, context)).toEqual({ ok: true });
        expect(adapter.verify(fixtures.unsign(webhook), context).ok).toBe(false);
        expect(adapter.verify(handshake.build({ secret: wrongSecret, at }), context).ok).toBe(false);
      });
    } else {
      it("is answered without any secret", () => {
        expect(adapter.handshake?.(webhook, contextFor(fixtures, { secret: undefined }))).toMatchObject({
          status: handshake.expected.status,
          body: handshake.expected.body(fixtures.secret),
        });
      });
    }

    it("yields no events", () => {
      let events: WebhookEvent[] = [];
      try {
        events = adapter.split(webhook, context);
      } catch (error) {
        expect(error).toBeInstanceOf(WebhookParseError);
      }
      expect(events).toEqual([]);
    });
  });
});
