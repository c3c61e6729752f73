import { describe, expect, it } from "vitest";
import { makeWebhook } from "./__fixtures__/helpers";
import {
  anySignatureMatches,
  buildSignedContent,
  checkTimestamp,
  computeHmac,
  parseKeyValueSignatureHeader,
  parseTimestampMs,
  safeEqual,
  signatureMatches,
  signHmac,
  signTimestampedHeader,
  signWithSpec,
  verifyHmacSignature,
  verifyTimestampedHeader,
  type HmacSignatureSpec,
} from "./signatures";

// RFC 2202 / RFC 4231 test case 2.
const jefe = { secret: "Jefe", data: "what do ya want for nothing?" };
const now = new Date("2026-11-28T12:00:00.000Z");
const nowSec = now.getTime() / 1000;

describe("computeHmac and signHmac", () => {
  it("match the RFC test vectors for sha1, sha256 and sha512", () => {
    expect(computeHmac("sha1", jefe.secret, jefe.data).toString("hex")).toBe("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    expect(computeHmac("sha256", jefe.secret, jefe.data).toString("hex")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    expect(computeHmac("sha512", jefe.secret, jefe.data).toString("hex")).toBe(
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    );
  });

  it("matches GitHub's documented example, with prefix", () => {
    expect(
      signHmac({ algorithm: "sha256", encoding: "hex", secret: "It's a Secret to Everybody", content: "Hello, World!", prefix: "sha256=" }),
    ).toBe("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  });

  it("encodes base64 and treats parts as their concatenation", () => {
    expect(signHmac({ algorithm: "sha256", encoding: "base64", secret: jefe.secret, content: jefe.data })).toBe(
      "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
    );
    expect(computeHmac("sha256", "k", ["what do ", Buffer.from("ya want"), " for nothing?"])).toEqual(
      computeHmac("sha256", "k", jefe.data),
    );
  });
});

describe("safeEqual", () => {
  it("compares without throwing on different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "a")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual(Buffer.from([1, 2]), Buffer.from([1, 2, 3]))).toBe(false);
  });
});

describe("signatureMatches", () => {
  const expected = computeHmac("sha256", jefe.secret, jefe.data);
  const hex = expected.toString("hex");
  const base64 = expected.toString("base64");

  it("accepts the digest with the expected prefix, hex in any case", () => {
    expect(signatureMatches({ expected, received: `sha256=${hex}`, encoding: "hex", prefix: "sha256=" })).toBe(true);
    expect(signatureMatches({ expected, received: `SHA256=${hex.toUpperCase()}`, encoding: "hex", prefix: "sha256=" })).toBe(true);
    expect(signatureMatches({ expected, received: base64, encoding: "base64" })).toBe(true);
  });

  it("rejects a missing or wrong prefix, truncated, padded or garbage values", () => {
    expect(signatureMatches({ expected, received: hex, encoding: "hex", prefix: "sha256=" })).toBe(false);
    expect(signatureMatches({ expected, received: `sha1=${hex}`, encoding: "hex", prefix: "sha256=" })).toBe(false);
    expect(signatureMatches({ expected, received: hex.slice(0, -2), encoding: "hex" })).toBe(false);
    expect(signatureMatches({ expected, received: `${hex}00`, encoding: "hex" })).toBe(false);
    expect(signatureMatches({ expected, received: "zz", encoding: "hex" })).toBe(false);
    expect(signatureMatches({ expected, received: base64.toLowerCase(), encoding: "base64" })).toBe(false);
    expect(signatureMatches({ expected, received: "", encoding: "base64" })).toBe(false);
  });

  it("accepts any one of several signatures", () => {
    expect(anySignatureMatches({ expected, received: ["00", hex, "ff"], encoding: "hex" })).toBe(true);
    expect(anySignatureMatches({ expected, received: ["00", "ff"], encoding: "hex" })).toBe(false);
    expect(anySignatureMatches({ expected, received: [], encoding: "hex" })).toBe(false);
  });
});

describe("buildSignedContent", () => {
  it("splices the raw body bytes between literal parts", () => {
    const body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]); // not valid UTF-8: must survive untouched
    const content = buildSignedContent("v0:{timestamp}:{body}", { body, timestamp: "1700000000" });
    expect(Buffer.concat(content ?? [])).toEqual(Buffer.concat([Buffer.from("v0:1700000000:"), body]));
  });

  it("fills method, url and headers, and gives null when a part is missing", () => {
    const content = buildSignedContent("{method} {url} {header:X-Id}.{body}", {
      body: Buffer.from("b"),
      method: "POST",
      url: "https://x.test/h?a=1",
      headers: { "x-id": "42" },
    });
    expect(Buffer.concat(content ?? []).toString()).toBe("POST https://x.test/h?a=1 42.b");
    expect(buildSignedContent("{timestamp}.{body}", { body: Buffer.from("b") })).toBeNull();
    expect(buildSignedContent("{header:x-missing}{body}", { body: Buffer.from("b"), headers: {} })).toBeNull();
  });

  it("leaves unknown braces as literal text", () => {
    expect(Buffer.concat(buildSignedContent("{nope}{body}", { body: Buffer.from("b") }) ?? []).toString()).toBe("{nope}b");
  });
});

describe("timestamps", () => {
  it("parses seconds, milliseconds and auto-detects", () => {
    expect(parseTimestampMs("1700000000", "s")).toBe(1_700_000_000_000);
    expect(parseTimestampMs("1700000000123", "ms")).toBe(1_700_000_000_123);
    expect(parseTimestampMs("1700000000", "auto")).toBe(1_700_000_000_000);
    expect(parseTimestampMs("1700000000123", "auto")).toBe(1_700_000_000_123);
    expect(parseTimestampMs(1_700_000_000, "s")).toBe(1_700_000_000_000);
    for (const bad of ["", "abc", "-5", "1e9", " ", "0x10"]) expect(parseTimestampMs(bad, "auto")).toBeNull();
    expect(parseTimestampMs(undefined, "s")).toBeNull();
  });

  it("accepts up to the tolerance either way and rejects beyond it", () => {
    const check = (offsetSec: number, unit: "s" | "ms" = "s") =>
      checkTimestamp({
        timestamp: unit === "s" ? String(nowSec + offsetSec) : String(now.getTime() + offsetSec * 1000),
        now,
        toleranceSec: 300,
        unit,
      }).ok;
    expect(check(0)).toBe(true);
    expect(check(-300)).toBe(true);
    expect(check(300)).toBe(true);
    expect(check(-301)).toBe(false);
    expect(check(301)).toBe(false);
    expect(check(-301, "ms")).toBe(false);
    expect(check(-299, "ms")).toBe(true);
    expect(checkTimestamp({ timestamp: undefined, now, toleranceSec: 300, unit: "s" })).toEqual({
      ok: false,
      reason: "missing or malformed timestamp",
    });
  });
});

describe("parseKeyValueSignatureHeader", () => {
  it("keeps every value of repeated keys, in order, and values containing '='", () => {
    const parsed = parseKeyValueSignatureHeader("t=1492774577, v1=abc,v1=def,v0=ghi,v1=YmFzZTY0==,junk,=x,empty=");
    expect(parsed.get("t")).toEqual(["1492774577"]);
    expect(parsed.get("v1")).toEqual(["abc", "def", "YmFzZTY0=="]);
    expect(parsed.get("v0")).toEqual(["ghi"]);
    expect(parsed.has("junk")).toBe(false);
    expect(parsed.has("empty")).toBe(false);
  });
});

describe("verifyHmacSignature", () => {
  const spec: HmacSignatureSpec = {
    header: "X-Sig",
    algorithm: "sha256",
    encoding: "hex",
    prefix: "v0=",
    template: "v0:{timestamp}:{body}",
    timestamp: { header: "X-Ts", unit: "s", toleranceSec: 300 },
  };
  const body = Buffer.from('{"a":1}');
  const timestamp = String(nowSec);
  const signature = signWithSpec(spec, { secret: "s3cret", body, timestamp });
  const request = (headers: Record<string, string>, payload = body) => makeWebhook({ url: "https://x.test/h", headers, body: payload });

  it("verifies a signed request", () => {
    expect(verifyHmacSignature(spec, request({ "x-sig": signature, "x-ts": timestamp }), "s3cret", now)).toEqual({ ok: true });
  });

  it("fails closed and says why", () => {
    const reason = (result: ReturnType<typeof verifyHmacSignature>) => (result.ok ? "ok" : result.reason);
    expect(reason(verifyHmacSignature(spec, request({ "x-sig": signature, "x-ts": timestamp }), undefined, now))).toMatch(/secret/);
    expect(reason(verifyHmacSignature(spec, request({ "x-ts": timestamp }), "s3cret", now))).toMatch(/missing X-Sig/);
    expect(reason(verifyHmacSignature(spec, request({ "x-sig": "  ", "x-ts": timestamp }), "s3cret", now))).toMatch(/missing X-Sig/);
    expect(reason(verifyHmacSignature(spec, request({ "x-sig": signature }), "s3cret", now))).toMatch(/missing X-Ts/);
    expect(
      reason(verifyHmacSignature(spec, request({ "x-sig": signature, "x-ts": timestamp }, Buffer.from('{"a":2}')), "s3cret", now)),
    ).toMatch(/does not match/);
    expect(reason(verifyHmacSignature(spec, request({ "x-sig": signature, "x-ts": String(nowSec - 301) }), "s3cret", now))).toMatch(/old/);
  });

  it("verifies over raw bytes that are not valid UTF-8", () => {
    const raw = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]);
    const rawSignature = signWithSpec(spec, { secret: "s3cret", body: raw, timestamp });
    expect(verifyHmacSignature(spec, request({ "x-sig": rawSignature, "x-ts": timestamp }, raw), "s3cret", now)).toEqual({ ok: true });
  });
});

describe("verifyTimestampedHeader", () => {
  const body = Buffer.from('{"id":"evt_1"}');
  const request = (value: string | undefined) =>
    makeWebhook({ url: "https://x.test/h", headers: value === undefined ? {} : { "stripe-signature": value }, body });
  const verifyWith = (value: string | undefined, secret: string | undefined) =>
    verifyTimestampedHeader({ webhook: request(value), header: "Stripe-Signature", secret, now, toleranceSec: 300 });
  const verify = (value: string | undefined) => verifyWith(value, "whsec_x");

  it("accepts a header produced by signTimestampedHeader, also among several v1", () => {
    const header = signTimestampedHeader({ secret: "whsec_x", body, timestampSec: nowSec });
    expect(verify(header)).toEqual({ ok: true });
    const [t, v1] = header.split(",");
    expect(verify(`${t},v1=${"0".repeat(64)},${v1}`)).toEqual({ ok: true });
  });

  it("rejects missing parts, stale or future timestamps, wrong secrets", () => {
    expect(verify(undefined).ok).toBe(false);
    expect(verify(`v1=${"0".repeat(64)}`).ok).toBe(false);
    expect(verify(`t=${nowSec}`).ok).toBe(false);
    expect(verify(signTimestampedHeader({ secret: "whsec_x", body, timestampSec: nowSec - 400 })).ok).toBe(false);
    expect(verify(signTimestampedHeader({ secret: "whsec_x", body, timestampSec: nowSec + 400 })).ok).toBe(false);
    expect(verify(signTimestampedHeader({ secret: "whsec_y", body, timestampSec: nowSec })).ok).toBe(false);
    expect(verifyWith(signTimestampedHeader({ secret: "whsec_x", body, timestampSec: nowSec }), undefined).ok).toBe(false);
  });
});
