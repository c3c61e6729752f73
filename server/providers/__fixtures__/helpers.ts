// Fixture plumbing. Signers here use node:crypto directly, written from each provider's docs,
// so the tests do not merely check the adapters against their own signing code.

import { createHmac } from "node:crypto";
import type { IncomingWebhook, ProviderId } from "../types";

/** The instant every fixture is verified at. */
export const fixtureNow = new Date("2026-11-28T12:00:00.000Z");

export const hookBaseUrl = "https://hooks.switchboard.test/webhooks/env_4f9c2a7d";

export interface ExpectedEvent {
  type: string;
  attribution: Record<string, string>;
  idempotencyKey: string | null;
  objectId?: string;
  providerEventId?: string;
}

export interface SignInput {
  secret: string;
  /** When the provider sends (signs) the request. */
  at: Date;
}

export interface EventFixture {
  name: string;
  /** The request as the provider sends it, correctly signed with `secret` at `at`. */
  build(input: SignInput): IncomingWebhook;
  expected: ExpectedEvent[];
}

export interface HandshakeFixture {
  name: string;
  build(input: SignInput): IncomingWebhook;
  expected: {
    status: number;
    /** The exact response body, given the secret (Zoom's answer depends on it). */
    body(secret: string): string;
    contentType?: string;
    requiresSignature: boolean;
  };
}

export interface ProviderFixtures {
  provider: ProviderId;
  /** Names a variant when one provider has several configurations (custom). */
  variant?: string;
  secret: string;
  settings: Record<string, unknown>;
  /** Replay window in seconds; null when the provider signs no timestamp. */
  toleranceSec: number | null;
  /** Removes the signature (headers, or Microsoft Graph's clientState). */
  unsign(webhook: IncomingWebhook): IncomingWebhook;
  /** Changes signed content without re-signing; by default a whitespace change in the body. */
  tamper?(webhook: IncomingWebhook): IncomingWebhook;
  events: EventFixture[];
  handshakes: HandshakeFixture[];
}

export function makeWebhook(input: {
  method?: string;
  url: string;
  headers: Record<string, string>;
  body: string | Buffer;
}): IncomingWebhook {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  return {
    method: input.method ?? "POST",
    url: input.url,
    headers,
    query: new URL(input.url).searchParams,
    rawBody: typeof input.body === "string" ? Buffer.from(input.body, "utf8") : input.body,
  };
}

export function withoutHeaders(webhook: IncomingWebhook, ...names: string[]): IncomingWebhook {
  const drop = new Set(names.map((name) => name.toLowerCase()));
  return { ...webhook, headers: Object.fromEntries(Object.entries(webhook.headers).filter(([name]) => !drop.has(name))) };
}

export function withBody(webhook: IncomingWebhook, body: string | Buffer): IncomingWebhook {
  return { ...webhook, rawBody: typeof body === "string" ? Buffer.from(body, "utf8") : body };
}

/** Same JSON meaning, different bytes: a signature over a re-serialised body would still pass. */
export function insertWhitespace(webhook: IncomingWebhook): IncomingWebhook {
  const body = webhook.rawBody;
  return withBody(webhook, Buffer.concat([body.subarray(0, 1), Buffer.from(" "), body.subarray(1)]));
}

export function hmac(algorithm: "sha1" | "sha256" | "sha512", secret: string, data: string | Buffer): Buffer {
  return createHmac(algorithm, secret).update(data).digest();
}

export function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}
