// Small helpers for providers' revocation calls (see TokenRevocation in types.ts). Pure.

/** An HTTP Basic header value. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

export function bearer(token: string): string {
  return `Bearer ${token}`;
}
