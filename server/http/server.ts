import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { handleRestRequest } from "../rest/handler";
import { CONNECT_PREFIX, handleConnectRequest } from "../connect/connect.http";
import { handleWebhookRequest } from "../ingest/ingest";
import { stopIntegrationCache } from "../ingest/integration-cache";

// The web process: the webhook endpoint and the public REST API are served here,
// in front of the Next.js router, which gets every other request (UI, tRPC).

export interface WebServerOptions {
  port: number;
  host: string;
  /** Serve the UI through Next.js; integration tests run without it. */
  ui: boolean;
  dev?: boolean;
}

export interface WebServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

async function loadNext(dev: boolean): Promise<Handler> {
  const { default: next } = await import("next");
  const app = next({ dev, dir: path.resolve(import.meta.dirname, "../.."), quiet: true });
  await app.prepare();
  const handle = app.getRequestHandler();
  return (req, res) => handle(req, res);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const nextHandler = options.ui ? await loadNext(options.dev ?? false) : null;
  const routes: Array<[prefix: string, handler: Handler]> = [
    ["/webhooks/", handleWebhookRequest],
    ["/api/v1/", handleRestRequest],
    // The hosted connect flow's endpoints and the OAuth redirect target.
    [CONNECT_PREFIX, handleConnectRequest],
  ];

  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const route = routes.find(([prefix]) => url.startsWith(prefix) || url === prefix.slice(0, -1));
    const handler = route?.[1] ?? nextHandler;
    if (!handler) return sendJson(res, 404, { error: { code: "not_found", message: "Not found" } });
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) sendJson(res, 500, { error: { code: "internal", message: "Internal error" } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return {
    server,
    url: `http://${host}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      await stopIntegrationCache();
    },
  };
}
