// Event type patterns of trigger nodes: exact (`contact.propertyChange`), a prefix
// ending in a wildcard (`issues.*`, `orders/*`) or `*` for every event.

export function matchesEventType(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith("*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export function matchesAnyEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => matchesEventType(p, type));
}
