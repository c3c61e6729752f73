import type { IncomingMessage } from "node:http";
import { getEnv } from "../lib/env";

// The public base URL that webhook URLs in responses are built on: the configured one,
// else what the caller used (behind a proxy, its forwarded scheme and host).

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(",")[0]?.trim() || undefined;
}

export function requestOrigin(req: IncomingMessage): string {
  const configured = getEnv().publicUrl;
  if (configured) return configured;
  const proto = firstHeader(req, "x-forwarded-proto") === "https" ? "https" : "http";
  const host = firstHeader(req, "x-forwarded-host") ?? firstHeader(req, "host") ?? "localhost";
  return `${proto}://${host}`;
}
