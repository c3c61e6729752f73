import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

// A local HTTP server standing in for a provider's API in integration tests: it records
// every request and answers from a script (status, headers, body) or a default handler.

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: unknown;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ProviderStandIn {
  url: string;
  requests: RecordedRequest[];
  /** Answers for the next requests, in order; afterwards the default handler answers. */
  script(...responses: ScriptedResponse[]): void;
  /** Answers requests whose "METHOD /path" matches, until replaced. */
  route(key: string, handler: (request: RecordedRequest) => ScriptedResponse): void;
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

function send(res: ServerResponse, answer: ScriptedResponse) {
  const isText = typeof answer.body === "string";
  const text = answer.body === undefined ? "" : isText ? (answer.body as string) : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...(answer.body !== undefined ? { "content-type": isText ? "text/plain" : "application/json" } : {}),
    ...answer.headers,
  });
  res.end(text);
}

export async function startProviderStandIn(): Promise<ProviderStandIn> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedResponse[] = [];
  const routes = new Map<string, (request: RecordedRequest) => ScriptedResponse>();
  const server = createServer((req, res) => {
    void readAll(req).then((body) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const request: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
      };
      requests.push(request);
      const scripted = queue.shift();
      if (scripted) return send(res, scripted);
      const handler = routes.get(`${request.method} ${request.path}`);
      send(res, handler ? handler(request) : { status: 200, body: { ok: true, path: request.path } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...responses) => queue.push(...responses),
    route: (key, handler) => routes.set(key, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
