import type { FilterCondition } from "./pipelines.schema";
import { readPath, type TemplateScope } from "./template";

// Filter nodes: conditions on the event combined with and/or. The outcome says why an
// event stopped, so that the log explains it.

export interface FilterOutcome {
  pass: boolean;
  reason: string;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  // A number in the payload and the same number typed as text in the editor are equal.
  if ((typeof a === "number" && typeof b === "string") || (typeof a === "string" && typeof b === "number")) return String(a) === String(b);
  return false;
}

function compare(a: unknown, b: unknown): number | null {
  const na = typeof a === "number" ? a : typeof a === "string" && a.trim() !== "" ? Number(a) : NaN;
  const nb = typeof b === "number" ? b : typeof b === "string" && b.trim() !== "" ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

export function evaluateCondition(condition: FilterCondition, scope: TemplateScope): boolean {
  const actual = readPath(scope, condition.path);
  const expected = condition.value;
  switch (condition.op) {
    case "eq":
      return same(actual, expected);
    case "neq":
      return !same(actual, expected);
    case "exists": {
      const exists = actual !== undefined && actual !== null;
      return expected === false ? !exists : exists;
    }
    case "contains":
      if (typeof actual === "string") return typeof expected === "string" && actual.includes(expected);
      if (Array.isArray(actual)) return actual.some((item) => same(item, expected));
      return false;
    case "gt": {
      const c = compare(actual, expected);
      return c !== null && c > 0;
    }
    case "lt": {
      const c = compare(actual, expected);
      return c !== null && c < 0;
    }
    case "matches":
      return typeof actual === "string" && typeof expected === "string" && new RegExp(expected).test(actual);
  }
}

function describe(condition: FilterCondition, scope: TemplateScope): string {
  const actual = readPath(scope, condition.path);
  const value = condition.op === "exists" ? "" : ` ${JSON.stringify(condition.value)}`;
  return `${condition.path} ${condition.op}${value} (actual: ${actual === undefined ? "missing" : JSON.stringify(actual)})`;
}

export function evaluateFilter(data: { conditions: FilterCondition[]; combinator: "and" | "or" }, scope: TemplateScope): FilterOutcome {
  const results = data.conditions.map((c) => ({ c, ok: evaluateCondition(c, scope) }));
  if (data.combinator === "or") {
    const hit = results.find((r) => r.ok);
    return hit
      ? { pass: true, reason: `Passed: ${describe(hit.c, scope)}` }
      : { pass: false, reason: `Stopped: no condition held: ${results.map((r) => describe(r.c, scope)).join("; ")}` };
  }
  const miss = results.find((r) => !r.ok);
  return miss
    ? { pass: false, reason: `Stopped: ${describe(miss.c, scope)} is false` }
    : { pass: true, reason: `Passed: all ${results.length} condition${results.length === 1 ? "" : "s"} held` };
}
