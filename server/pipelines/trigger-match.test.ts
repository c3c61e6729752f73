import { describe, expect, it } from "vitest";
import { matchesAnyEventType, matchesEventType } from "./trigger-match";

describe("trigger matching", () => {
  it.each([
    ["contact.propertyChange", "contact.propertyChange", true],
    ["contact.propertyChange", "contact.creation", false],
    ["contact.*", "contact.creation", true],
    ["contact.*", "contact", false],
    ["contact.*", "company.creation", false],
    ["orders/*", "orders/create", true],
    ["orders/*", "products/create", false],
    ["*", "anything.at.all", true],
  ])("%s vs %s → %s", (pattern, type, expected) => {
    expect(matchesEventType(pattern, type)).toBe(expected);
  });

  it("matches when any pattern does", () => {
    expect(matchesAnyEventType(["issues.*", "push"], "push")).toBe(true);
    expect(matchesAnyEventType(["issues.*", "push"], "pull_request.opened")).toBe(false);
  });
});
