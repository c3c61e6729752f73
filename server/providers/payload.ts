// Reading untrusted bodies: JSON and form parsing that fails with WebhookParseError, small
// accessors that narrow `unknown` without casts, and a JSON path reader for configured fields.

import { WebhookParseError, type IncomingWebhook } from "./types";

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses the raw body as JSON; a body that is not JSON is a WebhookParseError. */
export function parseJsonBody(webhook: IncomingWebhook): unknown {
  const text = webhook.rawBody.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WebhookParseError("the webhook body is not valid JSON");
  }
}

/** Parses the raw body as a JSON object. */
export function parseJsonObject(webhook: IncomingWebhook): JsonObject {
  const body = parseJsonBody(webhook);
  if (!isRecord(body)) throw new WebhookParseError("the webhook body is not a JSON object");
  return body;
}

/** Like parseJsonBody but returns undefined instead of throwing (handshake detection, verification). */
export function tryParseJson(webhook: IncomingWebhook): unknown {
  try {
    return JSON.parse(webhook.rawBody.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

export function isFormEncoded(webhook: IncomingWebhook): boolean {
  return (webhook.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
}

export function parseFormBody(webhook: IncomingWebhook): URLSearchParams {
  return new URLSearchParams(webhook.rawBody.toString("utf8"));
}

/**
 * A string, or a number as its decimal string: ids arrive as either. Integers beyond 2^53 have
 * lost digits in JSON.parse, so they give undefined rather than a wrong id.
 */
export function idString(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" && Number.isFinite(value))
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? undefined : String(value);
  if (typeof value === "bigint") return value.toString();
  return undefined;
}

export function stringField(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function recordField(object: JsonObject, key: string): JsonObject | undefined {
  const value = object[key];
  return isRecord(value) ? value : undefined;
}

/** Epoch seconds or milliseconds, or an ISO date string, as a Date; undefined when unreadable. */
export function toDate(value: unknown, unit: "s" | "ms" | "iso"): Date | undefined {
  let date: Date | undefined;
  if (unit === "iso" && typeof value === "string") date = new Date(value);
  else if (unit !== "iso" && (typeof value === "number" || (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)))) {
    date = new Date(Number(value) * (unit === "s" ? 1000 : 1));
  }
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Keeps only the attribution entries that have a value. */
export function attributionOf(entries: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) result[key] = value;
  return result;
}

/**
 * Splits a JSON path into segments. Accepts `$.a.b`, `a.b`, `a[0].b`, `a.0.b` and quoted
 * members (`a["x.y"]`, `a['x']`) for keys that contain dots. Returns null for malformed paths.
 */
export function parseJsonPath(path: string): string[] | null {
  let rest = path.trim();
  if (rest.startsWith("$")) rest = rest.slice(1);
  const segments: string[] = [];
  const token = /^(?:\.?([^.[\]'"]+)|\[(\d+)\]|\[(["'])((?:(?!\3).)*)\3\])/;
  while (rest.length > 0) {
    const match = token.exec(rest);
    if (!match) return null;
    segments.push(match[1] ?? match[2] ?? match[4] ?? "");
    rest = rest.slice(match[0].length);
  }
  return segments.length > 0 ? segments : null;
}

/** Reads the value at a JSON path; undefined when any step is missing. */
export function readJsonPath(value: unknown, path: string): unknown {
  const segments = parseJsonPath(path);
  if (!segments) return undefined;
  let current = value;
  for (const segment of segments) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)] as unknown;
    else if (isRecord(current)) current = current[segment];
    else return undefined;
  }
  return current;
}
