// Paths and `{{path}}` templates over what a node sees: the event, the value flowing in
// (`payload`) and the connection. Used by Filter paths, Debounce keys and Forward body
// templates.

export interface TemplateScope {
  event: { id: string | null; type: string; objectId: string | null; provider: string; receivedAt: string };
  payload: unknown;
  connection: { id: string; metadata: unknown } | null;
}

const roots = new Set(["event", "payload", "connection"]);

function walk(value: unknown, parts: string[]): unknown {
  let current = value;
  for (const part of parts) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
    else if (typeof current === "object") current = (current as Record<string, unknown>)[part];
    else return undefined;
  }
  return current;
}

/** `event.type`, `payload.a.b`, `connection.id`; a path without one of those roots reads the payload. */
export function readPath(scope: TemplateScope, path: string): unknown {
  const parts = path
    .trim()
    .split(".")
    .filter((p) => p.length > 0);
  if (parts.length === 0) return scope.payload;
  if (roots.has(parts[0]!)) return walk(scope[parts[0] as keyof TemplateScope], parts.slice(1));
  return walk(scope.payload, parts);
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

const placeholder = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** Replaces each `{{path}}` with its value as text (missing values become empty). */
export function renderText(template: string, scope: TemplateScope): string {
  return template.replace(placeholder, (_, path: string) => asText(readPath(scope, path)));
}

/**
 * A JSON body template: strings that are exactly one placeholder take the value itself
 * (objects, numbers, …); other strings are interpolated as text.
 */
export function renderJsonTemplate(template: string, scope: TemplateScope): unknown {
  const parsed = JSON.parse(template) as unknown;
  const visit = (node: unknown): unknown => {
    if (typeof node === "string") {
      const whole = /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(node);
      if (whole) return readPath(scope, whole[1]!) ?? null;
      return renderText(node, scope);
    }
    if (Array.isArray(node)) return node.map(visit);
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v)]));
    }
    return node;
  };
  return visit(parsed);
}
