import { getEnv } from "../lib/env";

// Webhook and API URLs shown in the dashboard use the configured public URL; without
// one, the address the browser used (through a proxy: its forwarded host and scheme).

function forwarded(request: Request, name: string): string | undefined {
  return request.headers.get(name)?.split(",")[0]?.trim() || undefined;
}

export function isHttpsRequest(request: Request): boolean {
  return (forwarded(request, "x-forwarded-proto") ?? new URL(request.url).protocol.replace(/:$/, "")) === "https";
}

export function requestOrigin(request: Request): string {
  const configured = getEnv().publicUrl;
  if (configured) return configured;
  const url = new URL(request.url);
  const host = forwarded(request, "x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  return `${isHttpsRequest(request) ? "https" : "http"}://${host}`;
}
