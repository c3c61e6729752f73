import { createServer, type IncomingMessage, type Server } from "node:http";
import { Webhook } from "standardwebhooks";

// A real HTTP endpoint standing in for the customer's backend. It verifies every
// request as a customer would, with a Standard Webhooks library, and answers with the
// statuses a test scripts (200 once the script runs out).

export interface ReceivedForward {
  headers: Record<string, string>;
  body: string;
  json: unknown;
  verified: boolean;
  at: number;
}

export interface Receiver {
  url: string;
  received: ReceivedForward[];
  /** Statuses for the next requests, in order. */
  respondWith(...statuses: number[]): void;
  /** What the next requests are answered with (200 unless `respondWith` says otherwise), in order. */
  answerWith(...bodies: Buffer[]): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedForward[]>;
  close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startReceiver(signingSecret: string): Promise<Receiver> {
  const verifier = new Webhook(signingSecret);
  const received: ReceivedForward[] = [];
  const script: number[] = [];
  const answers: Buffer[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    void readAll(req).then((body) => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
      let verified = true;
      try {
        verifier.verify(body, headers);
      } catch {
        verified = false;
      }
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      received.push({ headers, body, json, verified, at: Date.now() });
      for (const wake of waiters.splice(0)) wake();
      const status = script.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(answers.shift() ?? (status < 300 ? "ok" : `status ${status}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    respondWith: (...statuses) => script.push(...statuses),
    answerWith: (...bodies) => answers.push(...bodies),
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} forwards, got ${received.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 250));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
