import { SESSION_COOKIE, SESSION_DAYS } from "../auth/accounts.service";

// The session token lives only in an HttpOnly cookie: scripts cannot read it, and
// SameSite=Lax keeps it off cross-site form posts.

function serialize(value: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function sessionCookie(token: string, secure: boolean): string {
  return serialize(token, SESSION_DAYS * 24 * 3600, secure);
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize("", 0, secure);
}
