import type { IncomingMessage, ServerResponse } from "node:http";

// Placeholder until the REST API lands.
export function handleRestRequest(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code: "not_found", message: "Not found" } }));
}
