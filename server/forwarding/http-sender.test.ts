import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendPost } from "./http-sender";

// sendPost against real local servers: what a forward attempt reports in each case.

let silent: Server;
let busy: Server;
let silentPort: number;
let busyPort: number;
const seen: Array<Record<string, string | string[] | undefined>> = [];

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

beforeAll(async () => {
  silent = createServer(() => {}); // accepts the request and never answers
  busy = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on("end", () => {
      res.writeHead(429, { "retry-after": "3" });
      res.end("slow down ".repeat(300));
    });
  });
  silentPort = await listen(silent);
  busyPort = await listen(busy);
});

afterAll(() => {
  for (const server of [silent, busy]) {
    server.closeAllConnections();
    server.close();
  }
});

const base = { headers: { "webhook-id": "msg_1" }, body: '{"a":1}', timeoutMs: 300 };

describe("sendPost", () => {
  it("reports the status, Retry-After and the first KiB of the answer, and sends our headers", async () => {
    const result = await sendPost({ ...base, url: `http://127.0.0.1:${busyPort}/hooks`, allowPrivate: true });
    expect(result).toMatchObject({ statusCode: 429, retryAfterMs: 3000, error: null });
    expect(result.responseExcerpt).toHaveLength(1024);
    expect(seen.at(-1)).toMatchObject({ "webhook-id": "msg_1", "content-type": "application/json" });
  });

  it("gives up after the timeout", async () => {
    const result = await sendPost({ ...base, url: `http://127.0.0.1:${silentPort}/`, allowPrivate: true });
    expect(result).toMatchObject({ statusCode: null, error: "timed out after 300 ms" });
  });

  it("refuses a name that resolves to a private address when the environment does not allow it", async () => {
    const before = seen.length;
    const result = await sendPost({ ...base, url: `http://localhost:${busyPort}/`, allowPrivate: false });
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/localhost resolves to the private address/);
    expect(seen).toHaveLength(before);
  });

  it("reports a refused connection", async () => {
    const result = await sendPost({ ...base, url: "http://127.0.0.1:1/", allowPrivate: true });
    expect(result.error).toMatch(/ECONNREFUSED/);
  });
});
