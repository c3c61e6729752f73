import { describe, expect, it } from "vitest";
import { hmac, makeWebhook } from "./__fixtures__/helpers";
import { custom, readCustomSettings } from "./custom";
import { customSettingsSchema } from "./custom.schema";
import { parseJsonPath, readJsonPath } from "./payload";
import { WebhookParseError, type WebhookContext } from "./types";

const now = new Date("2026-11-28T12:00:00.000Z");
const secret = "custom-secret";
const context = (settings: Record<string, unknown>, overrides: Partial<WebhookContext> = {}): WebhookContext => ({
  secret,
  settings,
  now,
  ...overrides,
});
const request = (body: string, headers: Record<string, string> = {}, url = "https://hooks.test/webhooks/env/api") =>
  makeWebhook({ url, headers: { "content-type": "application/json", ...headers }, body });

describe("custom settings", () => {
  it("fills defaults and lowercases header names", () => {
    const parsed = customSettingsSchema.parse({ signature: { header: "X-Signature" } });
    expect(parsed.signature).toMatchObject({ header: "x-signature", algorithm: "sha256", encoding: "hex", signedContent: "body" });
    expect(parsed.authMode).toBe("none");
    expect(parsed.attribution).toEqual([]);
  });

  it("keeps unrelated keys (overrides, limits read by other parts)", () => {
    expect(customSettingsSchema.parse({ maxBodyBytes: 1024 })).toMatchObject({ maxBodyBytes: 1024 });
  });

  it.each([
    ["an unknown algorithm", { signature: { header: "x-sig", algorithm: "md5" } }],
    ["an invalid header name", { signature: { header: "x sig" } }],
    ["{timestamp} without timestampHeader", { signature: { header: "x-sig", signedContent: "{timestamp}.{body}" } }],
    ["signature and unsigned together", { signature: { header: "x-sig" }, unsigned: true }],
    ["an attribution entry with both path and header", { attribution: [{ key: "a", path: "a", header: "x-a" }] }],
    ["an attribution key that is not an identifier", { attribution: [{ key: "a b", path: "a" }] }],
    ["oauth2 without URLs", { authMode: "oauth2" }],
  ])("rejects %s", (_name, settings) => {
    expect(customSettingsSchema.safeParse(settings).success).toBe(false);
  });

  it("caches parsing per settings object", () => {
    const settings = { signature: { header: "x-sig" } };
    expect(readCustomSettings(settings)).toBe(readCustomSettings(settings));
  });
});

describe("custom verify", () => {
  const body = '{"type":"thing.happened","account":"acc_1"}';

  it("fails closed without a signature configuration", () => {
    const result = custom.webhooks.verify(request(body), context({}));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/no signature is configured/) as unknown });
  });

  it("fails on invalid settings rather than skipping verification", () => {
    const result = custom.webhooks.verify(request(body), context({ signature: { header: "x-sig", algorithm: "md5" } }));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/settings are invalid/) as unknown });
  });

  it("accepts unsigned requests only when declared unsigned, and says so", () => {
    const result = custom.webhooks.verify(request(body), context({ unsigned: true }, { secret: undefined }));
    expect(result).toMatchObject({ ok: true, note: expect.stringMatching(/not verified/) as unknown });
  });

  it("accepts seconds as well as milliseconds in the timestamp header", () => {
    const settings = {
      signature: { header: "x-sig", signedContent: "{timestamp}.{body}", timestampHeader: "x-ts", toleranceSec: 60 },
    };
    for (const timestamp of [String(now.getTime() / 1000), String(now.getTime())]) {
      const signature = hmac("sha256", secret, `${timestamp}.${body}`).toString("hex");
      expect(custom.webhooks.verify(request(body, { "x-sig": signature, "x-ts": timestamp }), context(settings))).toEqual({ ok: true });
    }
    const stale = String(now.getTime() / 1000 - 61);
    const staleSignature = hmac("sha256", secret, `${stale}.${body}`).toString("hex");
    expect(custom.webhooks.verify(request(body, { "x-sig": staleSignature, "x-ts": stale }), context(settings)).ok).toBe(false);
  });

  it("signs {header:name} parts, e.g. a Standard Webhooks style id.timestamp.body", () => {
    const settings = {
      signature: {
        header: "webhook-signature",
        encoding: "base64",
        prefix: "v1,",
        signedContent: "{header:webhook-id}.{timestamp}.{body}",
        timestampHeader: "webhook-timestamp",
      },
    };
    const timestamp = String(now.getTime() / 1000);
    const signature = `v1,${hmac("sha256", secret, `msg_1.${timestamp}.${body}`).toString("base64")}`;
    const headers = { "webhook-id": "msg_1", "webhook-timestamp": timestamp, "webhook-signature": signature };
    expect(custom.webhooks.verify(request(body, headers), context(settings))).toEqual({ ok: true });
    expect(custom.webhooks.verify(request(body, { ...headers, "webhook-id": "msg_2" }), context(settings)).ok).toBe(false);
  });
});

describe("custom split", () => {
  it("without any paths, takes one event of type webhook and keeps a non-JSON body as text", () => {
    const events = custom.webhooks.split(request("plain text", { "content-type": "text/plain" }), context({ unsigned: true }));
    expect(events).toEqual([
      { type: "webhook", attribution: {}, idempotencyKey: null, objectId: undefined, providerEventId: undefined, payload: "plain text" },
    ]);
  });

  it("throws WebhookParseError when paths are configured and the body is not JSON", () => {
    expect(() => custom.webhooks.split(request("nope"), context({ unsigned: true, eventTypePath: "type" }))).toThrow(WebhookParseError);
  });

  it("throws WebhookParseError on invalid settings", () => {
    expect(() => custom.webhooks.split(request("{}"), context({ attribution: "nope" }))).toThrow(/settings are invalid/);
  });

  it("reads type, attribution, idempotency and object id, leaving out what is missing", () => {
    const settings = {
      unsigned: true,
      eventTypePath: "meta.type",
      attribution: [
        { key: "accountId", path: "account.id" },
        { key: "tenant", header: "x-tenant" },
        { key: "absent", path: "nope.nothing" },
      ],
      idempotencyPath: "meta.id",
      objectIdPath: "data.items[0].id",
    };
    const body = '{"meta":{"type":"order.paid","id":77},"account":{"id":12},"data":{"items":[{"id":"it_1"}]}}';
    const [event] = custom.webhooks.split(request(body, { "x-tenant": "t-9" }), context(settings));
    expect(event).toMatchObject({
      type: "order.paid",
      attribution: { accountId: "12", tenant: "t-9" },
      idempotencyKey: "77",
      objectId: "it_1",
      providerEventId: "77",
    });
    const [missing] = custom.webhooks.split(request("{}"), context(settings));
    expect(missing).toMatchObject({ type: "unknown", attribution: {}, idempotencyKey: null });
  });
});

describe("custom challenge", () => {
  it("answers body challenges as text by default, requiring a signature", () => {
    const answer = custom.webhooks.handshake?.(request('{"challenge":"abc"}'), context({ challenge: { path: "challenge" } }));
    expect(answer).toEqual({ status: 200, headers: { "content-type": "text/plain" }, body: "abc", requiresSignature: true });
  });

  it("answers query challenges without a signature unless told otherwise", () => {
    const get = makeWebhook({ method: "GET", url: "https://hooks.test/h?hub.challenge=42&hub.mode=subscribe", headers: {}, body: "" });
    expect(custom.webhooks.handshake?.(get, context({ challenge: { path: "query.hub.challenge" } }))).toMatchObject({
      body: "42",
      requiresSignature: false,
    });
    expect(
      custom.webhooks.handshake?.(get, context({ challenge: { path: "query.hub.challenge", requiresSignature: true } })),
    ).toMatchObject({ requiresSignature: true });
  });

  it("is not a handshake when the challenge field is absent or no challenge is configured", () => {
    expect(custom.webhooks.handshake?.(request('{"type":"x"}'), context({ challenge: { path: "challenge" } }))).toBeNull();
    expect(custom.webhooks.handshake?.(request('{"challenge":"abc"}'), context({}))).toBeNull();
  });
});

describe("JSON paths", () => {
  it("parses dotted, indexed and quoted paths", () => {
    expect(parseJsonPath("$.a.b")).toEqual(["a", "b"]);
    expect(parseJsonPath("a[0].b")).toEqual(["a", "0", "b"]);
    expect(parseJsonPath("a.0.b")).toEqual(["a", "0", "b"]);
    expect(parseJsonPath(`a["x.y"]['z']`)).toEqual(["a", "x.y", "z"]);
    expect(parseJsonPath("$")).toBeNull();
    expect(parseJsonPath("a..b")).toBeNull();
    expect(parseJsonPath("a[")).toBeNull();
  });

  it("reads values and gives undefined for missing steps", () => {
    const value = { a: { "x.y": [{ id: 5 }] } };
    expect(readJsonPath(value, `a["x.y"][0].id`)).toBe(5);
    expect(readJsonPath(value, "a.missing.id")).toBeUndefined();
    expect(readJsonPath(value, "a[")).toBeUndefined();
    expect(readJsonPath("text", "a")).toBeUndefined();
  });
});
