// Provider details the shared conformance suite does not reach: documented test vectors,
// fallbacks, and edge cases of individual providers.

import { describe, expect, it } from "vitest";
import { fixtureNow, hmac, makeWebhook } from "./__fixtures__/helpers";
import { decodeHubSpotUri } from "./hubspot";
import { idString } from "./payload";
import { getProvider } from "./registry";
import type { WebhookContext } from "./types";

const context = (secret: string | undefined, settings: Record<string, unknown> = {}): WebhookContext => ({
  secret,
  settings,
  now: fixtureNow,
});

describe("hubspot", () => {
  const { webhooks } = getProvider("hubspot");
  // The examples of HubSpot's request-validation documentation.
  const docsSecret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
  const docsBody =
    '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation",' +
    '"attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';

  it("verifies the documented v1 signature when no v3 header comes", () => {
    const request = makeWebhook({
      url: "https://www.example.com/webhook_uri",
      headers: {
        "x-hubspot-signature": "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de",
        "x-hubspot-signature-version": "v1",
      },
      body: docsBody,
    });
    expect(webhooks.verify(request, context(docsSecret))).toEqual({ ok: true });
    expect(webhooks.verify(request, context("other")).ok).toBe(false);
  });

  it("verifies the documented v2 signature of a GET request", () => {
    const request = makeWebhook({
      method: "GET",
      url: "https://www.example.com/webhook_uri",
      headers: {
        "x-hubspot-signature": "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e",
        "x-hubspot-signature-version": "v2",
      },
      body: "",
    });
    expect(webhooks.verify(request, context(docsSecret))).toEqual({ ok: true });
  });

  it("rejects unknown legacy versions", () => {
    const request = makeWebhook({
      url: "https://www.example.com/webhook_uri",
      headers: { "x-hubspot-signature": "00", "x-hubspot-signature-version": "v9" },
      body: docsBody,
    });
    expect(webhooks.verify(request, context(docsSecret))).toMatchObject({ ok: false });
  });

  it("decodes only the escapes HubSpot decodes", () => {
    expect(decodeHubSpotUri("https://h.test/a%3Ab%2Fc?x=%40y%20z%2a")).toBe("https://h.test/a:b/c?x=@y%20z*");
  });

  it("accepts a v3 signature over the URL as received too (a proxy that keeps escapes)", () => {
    const url = "https://h.test/hook?x=a%3Ab";
    const timestamp = String(fixtureNow.getTime());
    const signature = hmac("sha256", "s", `POST${url}${docsBody}${timestamp}`).toString("base64");
    const request = makeWebhook({
      url,
      headers: { "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": timestamp },
      body: docsBody,
    });
    expect(webhooks.verify(request, context("s"))).toEqual({ ok: true });
  });
});

describe("attio", () => {
  it("accepts the legacy X-Attio-Signature header alone", () => {
    const body = '{"webhook_id":"w","events":[]}';
    const request = makeWebhook({
      url: "https://h.test/attio",
      headers: { "x-attio-signature": hmac("sha256", "s", body).toString("hex") },
      body,
    });
    expect(getProvider("attio").webhooks.verify(request, context("s"))).toEqual({ ok: true });
  });
});

describe("linear", () => {
  it("rejects a signed body without webhookTimestamp", () => {
    const body = '{"type":"Issue","action":"create","organizationId":"o"}';
    const request = makeWebhook({
      url: "https://h.test/l",
      headers: { "linear-signature": hmac("sha256", "s", body).toString("hex") },
      body,
    });
    expect(getProvider("linear").webhooks.verify(request, context("s"))).toMatchObject({ ok: false });
  });
});

describe("microsoft graph", () => {
  const { webhooks } = getProvider("microsoft-graph");
  const request = (body: string) => makeWebhook({ url: "https://h.test/g", headers: { "content-type": "application/json" }, body });

  it("rejects an empty batch and one without clientState", () => {
    expect(webhooks.verify(request('{"value":[]}'), context("s")).ok).toBe(false);
    expect(webhooks.verify(request('{"value":[{"tenantId":"t"}]}'), context("s")).ok).toBe(false);
    expect(webhooks.verify(request("not json"), context("s")).ok).toBe(false);
  });

  it("gives no idempotency key to updates it cannot tell apart", () => {
    const body = '{"value":[{"subscriptionId":"s1","changeType":"updated","resource":"Users/1","clientState":"s","tenantId":"t"}]}';
    expect(webhooks.split(request(body), context("s"))[0]?.idempotencyKey).toBeNull();
  });
});

describe("zoom", () => {
  it("refuses to answer validation without a secret token", () => {
    const request = makeWebhook({
      url: "https://h.test/z",
      headers: { "content-type": "application/json" },
      body: '{"event":"endpoint.url_validation","payload":{"plainToken":"abc"}}',
    });
    expect(getProvider("zoom").webhooks.handshake?.(request, context(undefined))).toMatchObject({ status: 401 });
  });
});

describe("idString", () => {
  it("refuses integers that JSON.parse could not keep exact", () => {
    expect(idString(9007199254740991)).toBe("9007199254740991");
    expect(idString(820982911946154508)).toBeUndefined();
    expect(idString("820982911946154508")).toBe("820982911946154508");
    expect(idString("")).toBeUndefined();
    expect(idString(null)).toBeUndefined();
  });
});
