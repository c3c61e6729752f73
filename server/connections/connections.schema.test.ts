import { describe, expect, it } from "vitest";
import { describeZodError } from "../integrations/integrations.schema";
import { createConnectionInputSchema, listConnectionsQuerySchema, updateConnectionInputSchema } from "./connections.schema";

function messageOf(schema: { safeParse(value: unknown): { success: boolean; error?: unknown } }, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : describeZodError(result.error as Parameters<typeof describeZodError>[0]);
}

describe("connection input", () => {
  it("accepts the documented shape", () => {
    const input = {
      integrationKey: "hubspot",
      connectionId: "user_42@acme.com",
      endUser: { id: "42", email: "ada@example.com", displayName: "Ada" },
      credentials: { accessToken: "t" },
      metadata: { plan: "pro", seats: 3 },
      attribution: { portalId: 123, "shop.domain": "acme.myshopify.com" },
    };
    expect(createConnectionInputSchema.parse(input)).toEqual(input);
  });

  it.each([
    [{ integrationKey: "HubSpot" }, "integrationKey: must be lowercase letters, digits and dashes"],
    [{ integrationKey: "h", connectionId: "-leading" }, "connectionId: must start with a letter or digit"],
    [{ integrationKey: "h", connectionId: "a/b" }, "connectionId: must start with a letter or digit"],
    [{ integrationKey: "h", connectionId: "x".repeat(256) }, "connectionId: must be at most 255 characters"],
    [{ integrationKey: "h", endUser: { id: "" } }, "endUser.id: must not be empty"],
    [{ integrationKey: "h", endUser: { id: "1", name: "Ada" } }, "endUser.name: unknown field"],
    [{ integrationKey: "h", attribution: { "bad key": "1" } }, "attribution.bad key: must be letters, digits and _ . : -"],
    [{ integrationKey: "h", attribution: { portalId: "" } }, "attribution.portalId: must not be empty"],
    [{ integrationKey: "h", attribution: { portalId: true } }, "attribution.portalId: must be a string or a number"],
    [{ integrationKey: "h", metadata: [] }, "metadata: "],
  ])("rejects %j", (input, message) => {
    expect(messageOf(createConnectionInputSchema, input)).toContain(message);
  });

  it("limits attribution to 50 keys", () => {
    const attribution = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    expect(messageOf(createConnectionInputSchema, { integrationKey: "h", attribution })).toBe("attribution: must have at most 50 keys");
  });

  it("patches allow null to clear endUser and credentials, not the connection id", () => {
    expect(updateConnectionInputSchema.parse({ endUser: null, credentials: null })).toEqual({ endUser: null, credentials: null });
    expect(messageOf(updateConnectionInputSchema, { connectionId: "new" })).toBe("connectionId: unknown field");
  });
});

describe("list query", () => {
  it("coerces limit from the query string and bounds it", () => {
    expect(listConnectionsQuerySchema.parse({ limit: "25" })).toEqual({ limit: 25 });
    expect(messageOf(listConnectionsQuerySchema, { limit: "0" })).toBe("limit: must be at least 1");
    expect(messageOf(listConnectionsQuerySchema, { limit: "101" })).toBe("limit: must be at most 100");
    expect(messageOf(listConnectionsQuerySchema, { limit: "2.5" })).toBe("limit: must be a whole number");
  });
});
