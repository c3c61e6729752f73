// Shared signature helpers. Every signature is computed over the raw body bytes as received,
// never over a re-serialised body, and every comparison is constant-time and total (a wrong
// length or a malformed value is a mismatch, never an exception that would become a 500).

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingWebhook, VerifyResult } from "./types";

export type HmacAlgorithm = "sha1" | "sha256" | "sha512";
export type DigestEncoding = "hex" | "base64";
export type TimestampUnit = "s" | "ms" | "auto";

/** Five minutes, the usual replay window when a provider documents none. */
export const defaultToleranceSec = 300;

export const verified: VerifyResult = { ok: true };

export function fail(reason: string): VerifyResult {
  return { ok: false, reason };
}

/** HMAC over one buffer or several parts fed in order (strings as UTF-8, buffers as they are). */
export function computeHmac(algorithm: HmacAlgorithm, secret: string | Buffer, content: SignedContent): Buffer {
  const mac = createHmac(algorithm, secret);
  for (const part of typeof content === "string" || Buffer.isBuffer(content) ? [content] : content) mac.update(part);
  return mac.digest();
}

export type SignedContent = Buffer | string | ReadonlyArray<Buffer | string>;

export function encodeDigest(digest: Buffer, encoding: DigestEncoding): string {
  return digest.toString(encoding);
}

/** HMAC encoded as hex or base64, with an optional prefix such as "sha256=" or "v0=". */
export function signHmac(options: {
  algorithm: HmacAlgorithm;
  encoding: DigestEncoding;
  secret: string | Buffer;
  content: SignedContent;
  prefix?: string;
}): string {
  return (options.prefix ?? "") + encodeDigest(computeHmac(options.algorithm, options.secret, options.content), options.encoding);
}

/**
 * Constant-time string equality that never throws. Both sides are hashed first so that the
 * comparison always runs over equal-length buffers and its time does not depend on where they differ.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const left = typeof a === "string" ? Buffer.from(a, "utf8") : a;
  const right = typeof b === "string" ? Buffer.from(b, "utf8") : b;
  const digestsEqual = timingSafeEqual(createHash("sha256").update(left).digest(), createHash("sha256").update(right).digest());
  return digestsEqual && left.length === right.length;
}

/**
 * Whether a received signature (as sent, possibly prefixed) equals the expected digest.
 * Hex is compared case-insensitively, since hex digits carry no case; base64 exactly.
 */
export function signatureMatches(options: { expected: Buffer; received: string; encoding: DigestEncoding; prefix?: string }): boolean {
  let received = options.received.trim();
  const prefix = options.prefix ?? "";
  if (prefix) {
    if (received.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return false;
    received = received.slice(prefix.length);
  }
  if (options.encoding === "hex") return safeEqual(received.toLowerCase(), options.expected.toString("hex"));
  return safeEqual(received, options.expected.toString("base64"));
}

/** True when any of the received signatures matches (providers send several while rotating secrets). */
export function anySignatureMatches(options: {
  expected: Buffer;
  received: readonly string[];
  encoding: DigestEncoding;
  prefix?: string;
}): boolean {
  // Evaluate every candidate rather than stopping early, so timing does not tell which one matched.
  let matched = false;
  for (const candidate of options.received) {
    if (signatureMatches({ expected: options.expected, received: candidate, encoding: options.encoding, prefix: options.prefix }))
      matched = true;
  }
  return matched;
}

export interface TemplateParts {
  body: Buffer;
  timestamp?: string;
  method?: string;
  url?: string;
  headers?: Record<string, string>;
}

const placeholderPattern = /\{(body|timestamp|method|url|header:[^}]+)\}/g;

/**
 * Builds the signed content from a template such as "{timestamp}.{body}" or "v0:{timestamp}:{body}".
 * The body is spliced in as raw bytes; literal text is UTF-8. Returns null when the template needs a
 * part (timestamp, header) the request does not have, which makes verification fail.
 */
export function buildSignedContent(template: string, parts: TemplateParts): Buffer[] | null {
  const pieces: Buffer[] = [];
  let last = 0;
  for (const match of template.matchAll(placeholderPattern)) {
    pieces.push(Buffer.from(template.slice(last, match.index), "utf8"));
    last = match.index + match[0].length;
    const name = match[1] ?? "";
    let value: Buffer | string | undefined;
    if (name === "body") value = parts.body;
    else if (name === "timestamp") value = parts.timestamp;
    else if (name === "method") value = parts.method;
    else if (name === "url") value = parts.url;
    else value = parts.headers?.[name.slice("header:".length).trim().toLowerCase()];
    if (value === undefined) return null;
    pieces.push(typeof value === "string" ? Buffer.from(value, "utf8") : value);
  }
  pieces.push(Buffer.from(template.slice(last), "utf8"));
  return pieces;
}

/** Parses an integer timestamp in seconds or milliseconds; "auto" treats values ≥ 1e11 as milliseconds. */
export function parseTimestampMs(raw: string | number | undefined | null, unit: TimestampUnit): number | null {
  if (raw === undefined || raw === null) return null;
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  if (!/^\d{1,16}(\.\d+)?$/.test(text)) return null;
  const value = Number(text);
  if (!Number.isFinite(value)) return null;
  const isMs = unit === "ms" || (unit === "auto" && value >= 1e11);
  return isMs ? value : value * 1000;
}

/** Rejects timestamps older or further in the future than the tolerance (replays, forged clocks). */
export function checkTimestamp(options: {
  timestamp: string | number | undefined | null;
  now: Date;
  toleranceSec: number;
  unit: TimestampUnit;
}): VerifyResult {
  const ms = parseTimestampMs(options.timestamp, options.unit);
  if (ms === null) return fail("missing or malformed timestamp");
  const skewMs = options.now.getTime() - ms;
  if (skewMs > options.toleranceSec * 1000)
    return fail(`timestamp is ${Math.round(skewMs / 1000)}s old (tolerance ${options.toleranceSec}s)`);
  if (-skewMs > options.toleranceSec * 1000)
    return fail(`timestamp is ${Math.round(-skewMs / 1000)}s in the future (tolerance ${options.toleranceSec}s)`);
  return verified;
}

/**
 * Parses headers shaped like Stripe's and Calendly's `t=1492774577,v1=abc,v1=def,v0=ghi`
 * into each key's values, in order (several v1 are allowed during secret rotation).
 */
export function parseKeyValueSignatureHeader(value: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  for (const element of value.split(",")) {
    const separator = element.indexOf("=");
    if (separator <= 0) continue;
    const key = element.slice(0, separator).trim();
    const item = element.slice(separator + 1).trim();
    if (!item) continue;
    const list = entries.get(key);
    if (list) list.push(item);
    else entries.set(key, [item]);
  }
  return entries;
}

/** A header value by (case-insensitive) name; empty values count as absent. */
export function readHeader(webhook: IncomingWebhook, name: string): string | undefined {
  const value = webhook.headers[name.toLowerCase()];
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** A declarative HMAC signature: most providers are fully described by one of these. */
export interface HmacSignatureSpec {
  /** Header holding the signature (any case). */
  header: string;
  algorithm: HmacAlgorithm;
  encoding: DigestEncoding;
  prefix?: string;
  /** Signed content; "{body}" when omitted. Placeholders: {body}, {timestamp}, {method}, {url}, {header:name}. */
  template?: string;
  timestamp?: { header: string; unit: TimestampUnit; toleranceSec: number };
}

/** Verifies a request against a declarative spec. Fails closed on a missing secret, header or timestamp. */
export function verifyHmacSignature(
  spec: HmacSignatureSpec,
  webhook: IncomingWebhook,
  secret: string | undefined,
  now: Date,
): VerifyResult {
  if (!secret) return fail("no signing secret is configured for this integration");
  const received = readHeader(webhook, spec.header);
  if (received === undefined) return fail(`missing ${spec.header} header`);

  let timestamp: string | undefined;
  if (spec.timestamp) {
    timestamp = readHeader(webhook, spec.timestamp.header);
    if (timestamp === undefined) return fail(`missing ${spec.timestamp.header} header`);
    const fresh = checkTimestamp({ timestamp, now, toleranceSec: spec.timestamp.toleranceSec, unit: spec.timestamp.unit });
    if (!fresh.ok) return fresh;
  }

  const content = buildSignedContent(spec.template ?? "{body}", {
    body: webhook.rawBody,
    timestamp,
    method: webhook.method.toUpperCase(),
    url: webhook.url,
    headers: webhook.headers,
  });
  if (content === null) return fail("the request lacks a part of the signed content");

  const expected = computeHmac(spec.algorithm, secret, content);
  if (!signatureMatches({ expected, received, encoding: spec.encoding, prefix: spec.prefix })) return fail("signature does not match");
  return verified;
}

/** Signs a request the way a provider described by `spec` would (fixtures, tests, the custom provider's docs). */
export function signWithSpec(
  spec: HmacSignatureSpec,
  input: { secret: string; body: Buffer; method?: string; url?: string; timestamp?: string; headers?: Record<string, string> },
): string {
  const content = buildSignedContent(spec.template ?? "{body}", {
    body: input.body,
    timestamp: input.timestamp,
    method: input.method?.toUpperCase(),
    url: input.url,
    headers: input.headers,
  });
  if (content === null) throw new Error("signWithSpec: a part of the signed content is missing");
  return signHmac({ algorithm: spec.algorithm, encoding: spec.encoding, secret: input.secret, content, prefix: spec.prefix });
}

/**
 * Verifies `t=…,v1=…` signature headers (Stripe, Calendly): HMAC-SHA256 hex of "{t}.{body}",
 * any of several v1 values may match, and t must be within the tolerance (seconds).
 */
export function verifyTimestampedHeader(options: {
  webhook: IncomingWebhook;
  header: string;
  secret: string | undefined;
  now: Date;
  toleranceSec: number;
  scheme?: string;
}): VerifyResult {
  if (!options.secret) return fail("no signing secret is configured for this integration");
  const value = readHeader(options.webhook, options.header);
  if (value === undefined) return fail(`missing ${options.header} header`);
  const parts = parseKeyValueSignatureHeader(value);
  const t = parts.get("t")?.[0];
  const signatures = parts.get(options.scheme ?? "v1") ?? [];
  if (t === undefined) return fail(`${options.header} has no timestamp`);
  if (signatures.length === 0) return fail(`${options.header} has no ${options.scheme ?? "v1"} signature`);
  const fresh = checkTimestamp({ timestamp: t, now: options.now, toleranceSec: options.toleranceSec, unit: "s" });
  if (!fresh.ok) return fresh;
  const expected = computeHmac("sha256", options.secret, [`${t}.`, options.webhook.rawBody]);
  if (!anySignatureMatches({ expected, received: signatures, encoding: "hex" })) return fail("signature does not match");
  return verified;
}

/** Builds a `t=…,v1=…` header value, as Stripe and Calendly send it. */
export function signTimestampedHeader(input: { secret: string; body: Buffer; timestampSec: number }): string {
  const t = String(input.timestampSec);
  return `t=${t},v1=${signHmac({ algorithm: "sha256", encoding: "hex", secret: input.secret, content: [`${t}.`, input.body] })}`;
}
