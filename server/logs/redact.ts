// Headers that carry credentials or signatures are shown as "[redacted]" in logs.
const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)$|secret|token|password|signature|hmac/i;

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADERS.test(name) ? "[redacted]" : value;
  return out;
}
