import { describe, expect, it } from "vitest";
import { readPath, renderJsonTemplate, renderText, type TemplateScope } from "./template";

const scope: TemplateScope = {
  event: { id: "e1", type: "contact.updated", objectId: "42", provider: "hubspot", receivedAt: "2026-01-01T00:00:00.000Z" },
  payload: { contact: { id: 42, tags: ["a", "b"] } },
  connection: { id: "acme", metadata: {} },
};

describe("templates", () => {
  it("reads event, payload and connection paths; bare paths read the payload", () => {
    expect(readPath(scope, "event.type")).toBe("contact.updated");
    expect(readPath(scope, "contact.tags.1")).toBe("b");
    expect(readPath(scope, "payload.contact.id")).toBe(42);
    expect(readPath(scope, "connection.id")).toBe("acme");
    expect(readPath(scope, "nope.deeper")).toBeUndefined();
  });

  it("renders the default debounce key", () => {
    expect(renderText("{{connection.id}}:{{event.objectId}}", scope)).toBe("acme:42");
    expect(renderText("{{ missing }}-x", scope)).toBe("-x");
  });

  it("renders a JSON body template, keeping whole values where a string is one placeholder", () => {
    expect(renderJsonTemplate('{"kind":"{{event.type}}","contact":"{{contact}}","label":"id {{contact.id}}"}', scope)).toEqual({
      kind: "contact.updated",
      contact: { id: 42, tags: ["a", "b"] },
      label: "id 42",
    });
    expect(() => renderJsonTemplate("{not json", scope)).toThrow();
  });
});
