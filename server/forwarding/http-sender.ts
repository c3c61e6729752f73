import { Agent, request } from "undici";
import { checkLiteralHost, guardedLookup } from "./destination-policy";

// One POST to a customer's endpoint, over keep-alive connections. Never throws: the
// outcome (status, time, an excerpt of the answer, or the network error) is data.
// undici rather than node:http: in this hot path it spends about a third less CPU per
// request (see the README's benchmark section).

const EXCERPT_BYTES = 1024;

// The destination policy runs on the resolved address when a connection is opened.
const agents = {
  strict: new Agent({ connections: 64, connect: { lookup: guardedLookup(false) } }),
  open: new Agent({ connections: 64, connect: { lookup: guardedLookup(true) } }),
};

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  retryAfterMs: number | null;
  error: string | null;
}

export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export async function sendPost(input: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = new URL(input.url);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`unsupported protocol ${url.protocol}`);
    checkLiteralHost(url.hostname, input.allowPrivate);
    const response = await request(url, {
      method: "POST",
      dispatcher: agents[input.allowPrivate ? "open" : "strict"],
      headers: { ...input.headers, "content-type": "application/json", "user-agent": "Switchboard-Webhooks/1.0" },
      body: input.body,
      // Time to the answer's headers, then at most that long between chunks of its body.
      headersTimeout: input.timeoutMs,
      bodyTimeout: input.timeoutMs,
    });
    // Read the whole answer (so the connection can be reused) but keep only its start.
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      if (size < EXCERPT_BYTES) chunks.push(chunk);
      size += chunk.length;
    }
    const retryAfter = response.headers["retry-after"];
    return {
      statusCode: response.statusCode,
      durationMs: elapsed(),
      responseExcerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8"),
      retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
      error: null,
    };
  } catch (error) {
    return { statusCode: null, durationMs: elapsed(), responseExcerpt: null, retryAfterMs: null, error: describe(error, input.timeoutMs) };
  }
}

/** A network failure in words: the cause's message rather than undici's generic wrapper. */
function describe(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: unknown }).code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return `timed out after ${timeoutMs} ms`;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && (error as Error).message === "fetch failed") return cause.message;
  return error instanceof Error ? error.message : String(error);
}
