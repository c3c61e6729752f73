import http from "node:http";
import https from "node:https";
import { checkLiteralHost, guardedLookup } from "./destination-policy";

// One POST to a customer's endpoint, over keep-alive connections. Never throws: the
// outcome (status, time, an excerpt of the answer, or the network error) is data.

const EXCERPT_BYTES = 1024;

const agents = {
  "http:": {
    strict: new http.Agent({ keepAlive: true, maxSockets: 64, lookup: guardedLookup(false) }),
    open: new http.Agent({ keepAlive: true, maxSockets: 64, lookup: guardedLookup(true) }),
  },
  "https:": {
    strict: new https.Agent({ keepAlive: true, maxSockets: 64, lookup: guardedLookup(false) }),
    open: new https.Agent({ keepAlive: true, maxSockets: 64, lookup: guardedLookup(true) }),
  },
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

export function sendPost(input: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(input.url);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`unsupported protocol ${url.protocol}`);
      checkLiteralHost(url.hostname, input.allowPrivate);
    } catch (error) {
      resolve({ statusCode: null, durationMs: 0, responseExcerpt: null, retryAfterMs: null, error: (error as Error).message });
      return;
    }
    const transport = url.protocol === "https:" ? https : http;
    const agent = agents[url.protocol][input.allowPrivate ? "open" : "strict"];
    const body = Buffer.from(input.body);
    const request = transport.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          ...input.headers,
          "content-type": "application/json",
          "content-length": body.length,
          "user-agent": "Switchboard-Webhooks/1.0",
        },
        timeout: input.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => {
          resolve({
            statusCode: response.statusCode ?? null,
            durationMs: elapsed(),
            responseExcerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8"),
            retryAfterMs: parseRetryAfter(response.headers["retry-after"]),
            error: null,
          });
        });
        response.on("error", (error) =>
          resolve({
            statusCode: response.statusCode ?? null,
            durationMs: elapsed(),
            responseExcerpt: null,
            retryAfterMs: null,
            error: error.message,
          }),
        );
      },
    );
    request.on("timeout", () => request.destroy(new Error(`timed out after ${input.timeoutMs} ms`)));
    request.on("error", (error) =>
      resolve({ statusCode: null, durationMs: elapsed(), responseExcerpt: null, retryAfterMs: null, error: error.message }),
    );
    request.end(body);
  });
}
