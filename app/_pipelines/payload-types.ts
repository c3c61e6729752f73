// A TypeScript type for event payloads, inferred from sample payloads (provider fixtures and
// recent real events), so that Monaco completes `ctx.event.payload.<field>`. Samples are
// merged: a key missing from some samples becomes optional; differing values become unions.

type Shape =
  | { kind: "primitive"; names: Set<string> }
  | { kind: "array"; element: Shape | null }
  | { kind: "object"; fields: Map<string, { shape: Shape; count: number }>; samples: number }
  | { kind: "union"; parts: Shape[] };

const MAX_DEPTH = 8;
const MAX_KEYS = 200;

function shapeOf(value: unknown, depth: number): Shape {
  if (value === null) return { kind: "primitive", names: new Set(["null"]) };
  if (Array.isArray(value)) {
    let element: Shape | null = null;
    if (depth < MAX_DEPTH)
      for (const item of value.slice(0, 50)) element = element ? merge(element, shapeOf(item, depth + 1)) : shapeOf(item, depth + 1);
    return { kind: "array", element };
  }
  if (typeof value === "object") {
    const fields = new Map<string, { shape: Shape; count: number }>();
    if (depth < MAX_DEPTH) {
      for (const [key, child] of Object.entries(value as Record<string, unknown>).slice(0, MAX_KEYS)) {
        fields.set(key, { shape: shapeOf(child, depth + 1), count: 1 });
      }
    }
    return { kind: "object", fields, samples: 1 };
  }
  const name =
    typeof value === "number" || typeof value === "bigint"
      ? "number"
      : typeof value === "boolean"
        ? "boolean"
        : typeof value === "string"
          ? "string"
          : "unknown";
  return { kind: "primitive", names: new Set([name]) };
}

function merge(a: Shape, b: Shape): Shape {
  if (a.kind === "primitive" && b.kind === "primitive") return { kind: "primitive", names: new Set([...a.names, ...b.names]) };
  if (a.kind === "array" && b.kind === "array") {
    return { kind: "array", element: a.element && b.element ? merge(a.element, b.element) : (a.element ?? b.element) };
  }
  if (a.kind === "object" && b.kind === "object") {
    const fields = new Map(a.fields);
    for (const [key, field] of b.fields) {
      const existing = fields.get(key);
      fields.set(key, existing ? { shape: merge(existing.shape, field.shape), count: existing.count + field.count } : field);
    }
    return { kind: "object", fields, samples: a.samples + b.samples };
  }
  const parts = [...(a.kind === "union" ? a.parts : [a]), ...(b.kind === "union" ? b.parts : [b])];
  // One part per kind: merge like with like.
  const byKind = new Map<string, Shape>();
  for (const part of parts) {
    const existing = byKind.get(part.kind);
    byKind.set(part.kind, existing ? merge(existing, part) : part);
  }
  const merged = [...byKind.values()];
  return merged.length === 1 ? merged[0]! : { kind: "union", parts: merged };
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

function render(shape: Shape, indent: string): string {
  switch (shape.kind) {
    case "primitive":
      return [...shape.names].sort().join(" | ");
    case "array": {
      if (!shape.element) return "unknown[]";
      const inner = render(shape.element, indent);
      return /^[\w]+$/.test(inner) ? `${inner}[]` : `Array<${inner}>`;
    }
    case "object": {
      if (shape.fields.size === 0) return "Record<string, unknown>";
      const next = `${indent}  `;
      const lines = [...shape.fields].map(
        ([key, field]) => `${next}${propertyName(key)}${field.count < shape.samples ? "?" : ""}: ${render(field.shape, next)};`,
      );
      return `{\n${lines.join("\n")}\n${indent}}`;
    }
    case "union":
      return shape.parts.map((part) => render(part, indent)).join(" | ");
  }
}

/** A type expression for payloads like these; `unknown` when there are none. */
export function inferPayloadType(samples: unknown[]): string {
  let shape: Shape | null = null;
  for (const sample of samples) shape = shape ? merge(shape, shapeOf(sample, 0)) : shapeOf(sample, 0);
  return shape ? render(shape, "") : "unknown";
}
