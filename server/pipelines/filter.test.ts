import { describe, expect, it } from "vitest";
import { evaluateCondition, evaluateFilter } from "./filter";
import type { FilterCondition } from "./pipelines.schema";
import type { TemplateScope } from "./template";

const scope: TemplateScope = {
  event: { id: "e1", type: "deal.updated", objectId: "42", provider: "hubspot", receivedAt: "2026-01-01T00:00:00.000Z" },
  payload: { amount: 1500, stage: "won", tags: ["vip", "eu"], owner: { email: "a@example.com" }, note: null },
  connection: { id: "acme", metadata: { plan: "pro" } },
};

const check = (c: FilterCondition) => evaluateCondition(c, scope);

describe("filter conditions", () => {
  it("eq and neq, with numbers typed as text", () => {
    expect(check({ path: "stage", op: "eq", value: "won" })).toBe(true);
    expect(check({ path: "payload.amount", op: "eq", value: "1500" })).toBe(true);
    expect(check({ path: "stage", op: "neq", value: "won" })).toBe(false);
    expect(check({ path: "owner", op: "eq", value: { email: "a@example.com" } })).toBe(true);
  });

  it("exists (and exists: false)", () => {
    expect(check({ path: "owner.email", op: "exists" })).toBe(true);
    expect(check({ path: "note", op: "exists" })).toBe(false);
    expect(check({ path: "missing.deep", op: "exists", value: false })).toBe(true);
  });

  it("contains on strings and arrays", () => {
    expect(check({ path: "owner.email", op: "contains", value: "@example" })).toBe(true);
    expect(check({ path: "tags", op: "contains", value: "vip" })).toBe(true);
    expect(check({ path: "tags", op: "contains", value: "us" })).toBe(false);
    expect(check({ path: "amount", op: "contains", value: "1" })).toBe(false);
  });

  it("gt and lt compare numbers, and strings when both are strings", () => {
    expect(check({ path: "amount", op: "gt", value: 1000 })).toBe(true);
    expect(check({ path: "amount", op: "lt", value: "1000" })).toBe(false);
    expect(check({ path: "event.receivedAt", op: "gt", value: "2025-12-31" })).toBe(true);
    expect(check({ path: "owner", op: "gt", value: 1 })).toBe(false);
  });

  it("matches with a regular expression; reads event and connection roots", () => {
    expect(check({ path: "event.type", op: "matches", value: "^deal\\." })).toBe(true);
    expect(check({ path: "connection.metadata.plan", op: "eq", value: "pro" })).toBe(true);
    expect(check({ path: "amount", op: "matches", value: "15" })).toBe(false);
  });

  it("and/or, with the reason it stopped", () => {
    const conditions: FilterCondition[] = [
      { path: "stage", op: "eq", value: "won" },
      { path: "amount", op: "gt", value: 5000 },
    ];
    const and = evaluateFilter({ conditions, combinator: "and" }, scope);
    expect(and).toEqual({ pass: false, reason: "Stopped: amount gt 5000 (actual: 1500) is false" });
    expect(evaluateFilter({ conditions, combinator: "or" }, scope).pass).toBe(true);
    const none = evaluateFilter({ conditions: [{ path: "x", op: "exists" }], combinator: "or" }, scope);
    expect(none.reason).toContain("x exists (actual: missing)");
  });
});
