import type { IncomingMessage, ServerResponse } from "node:http";
import { getEnv } from "../lib/env";
import { uuidv7 } from "../lib/ids";
import { getProvider } from "../providers/registry";
import type { IncomingWebhook, WebhookContext } from "../providers/types";
import { findIntegration, type CachedIntegration } from "./integration-cache";
import { storeWebhook } from "./webhook-writer";
import { pickSigningSecret } from "../webhooks/signing-secret";
import { logRejectedWebhook } from "./rejections";

// POST|GET|PUT /webhooks/{environmentPublicId}/{integrationKey}
// In the request only: find the integration, answer handshakes, verify, store, acknowledge.
// Everything else happens in the worker. Nothing is acknowledged before it is durable.

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
const PATH = /^\/webhooks\/([A-Za-z0-9_-]{1,100})\/([a-z0-9-]{1,64})\/?$/;

type Reply = { status: number; headers?: Record<string, string>; body: string };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(body) };
}

function error(status: number, code: string, message: string, headers: Record<string, string> = {}): Reply {
  return json(status, { error: { code, message } }, headers);
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, "content-length": Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function maxBodyBytes(integration: CachedIntegration): number {
  const configured = integration.settings.maxBodyBytes;
  return typeof configured === "number" && configured > 0 ? configured : DEFAULT_MAX_BODY_BYTES;
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The URL as the provider called it: some providers sign it (HubSpot v3). */
function publicUrl(req: IncomingMessage): string {
  const base = getEnv().publicUrl;
  if (base) return base + (req.url ?? "/");
  const proto = (req.headers["x-forwarded-proto"] as string | undefined)?.split(",")[0]?.trim() || "http";
  const host = (req.headers["x-forwarded-host"] as string | undefined)?.split(",")[0]?.trim() || req.headers.host || "localhost";
  return `${proto}://${host}${req.url ?? "/"}`;
}

function resolveSecret(integration: CachedIntegration): string | undefined {
  return pickSigningSecret(integration.provider, integration);
}

async function ingest(req: IncomingMessage, receivedAt: Date): Promise<Reply> {
  const method = req.method ?? "GET";
  if (method !== "POST" && method !== "GET" && method !== "PUT") {
    return error(405, "method_not_allowed", "Webhooks are accepted with POST, PUT or GET", { allow: "POST, PUT, GET" });
  }
  const rawUrl = req.url ?? "/";
  const queryStart = rawUrl.indexOf("?");
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = queryStart === -1 ? "" : rawUrl.slice(queryStart + 1);
  const match = PATH.exec(path);
  // Same answer for an unknown environment and an unknown integration: no hint which.
  const notFound = error(404, "not_found", "No integration at this webhook URL");
  if (!match) return notFound;
  const integration = await findIntegration(match[1]!, match[2]!);
  if (!integration) return notFound;

  let rawBody: Buffer;
  try {
    rawBody = await readBody(req, maxBodyBytes(integration));
  } catch (e) {
    if (e instanceof TooLarge) {
      await logRejectedWebhook(integration, {
        status: 413,
        reason: `Body larger than ${maxBodyBytes(integration)} bytes`,
        method,
        path,
        headers: flatHeaders(req),
      });
      return error(413, "payload_too_large", `Webhook bodies are limited to ${maxBodyBytes(integration)} bytes`, { connection: "close" });
    }
    throw e;
  }

  const provider = getProvider(integration.provider);
  const headers = flatHeaders(req);
  const webhook: IncomingWebhook = { method, url: publicUrl(req), headers, query: new URLSearchParams(query), rawBody };
  const context: WebhookContext = { secret: resolveSecret(integration), settings: integration.settings, now: receivedAt };

  const handshake = provider.webhooks.handshake?.(webhook, context) ?? null;
  let verification = handshake && !handshake.requiresSignature ? { ok: true as const } : provider.webhooks.verify(webhook, context);
  // Providers that sign each registered webhook with its own secret (e.g. Attio): try the secrets
  // of this integration's per-connection subscriptions when the integration's own does not match.
  for (const secret of verification.ok ? [] : integration.subscriptionSecrets) {
    const attempt = provider.webhooks.verify(webhook, { ...context, secret });
    if (attempt.ok) {
      verification = attempt;
      break;
    }
  }
  if (!verification.ok) {
    await logRejectedWebhook(integration, { status: 401, reason: verification.reason, method, path, headers, body: rawBody });
    return error(401, "invalid_signature", `Signature verification failed: ${verification.reason}`);
  }
  if (handshake) return { status: handshake.status, headers: handshake.headers, body: handshake.body };

  if (rawBody.length > 0 && /json/i.test(headers["content-type"] ?? "")) {
    try {
      JSON.parse(rawBody.toString("utf8"));
    } catch {
      await logRejectedWebhook(integration, { status: 400, reason: "Body is not valid JSON", method, path, headers, body: rawBody });
      return error(400, "malformed_body", "The body is not valid JSON");
    }
  }

  const id = uuidv7(receivedAt.getTime());
  try {
    await storeWebhook({
      id,
      environmentId: integration.environmentId,
      integrationId: integration.integrationId,
      method,
      path,
      query,
      headers,
      body: rawBody,
      receivedAt,
    });
  } catch (e) {
    console.error("webhook not stored:", (e as Error).message);
    return error(503, "unavailable", "The webhook could not be stored; please retry", { "retry-after": "5" });
  }
  return json(200, { received: true, id });
}

export async function handleWebhookRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let reply: Reply;
  try {
    reply = await ingest(req, new Date());
  } catch (e) {
    // Whatever failed (most likely the database), the webhook is not stored: ask for a retry.
    console.error("webhook ingestion failed:", (e as Error).message);
    reply = error(503, "unavailable", "The webhook could not be processed; please retry", { "retry-after": "5" });
  }
  send(res, reply);
}
