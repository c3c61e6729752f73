import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";
import { restRoutes } from "./routes";

// The document is generated from the route table; these checks make sure every route
// is in it and that it has the structure OpenAPI 3.1 requires, so tools can read it.

const document = buildOpenApiDocument(restRoutes) as unknown as {
  openapi: string;
  info: { title?: string; version?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme?: string }> };
};

interface Operation {
  operationId?: string;
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: unknown }>;
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: Array<Record<string, string[]>>;
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => collectRefs(item, refs));
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") refs.push(child);
      else collectRefs(child, refs);
    }
  }
  return refs;
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with info, paths and components", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info.title).toBeTruthy();
    expect(document.info.version).toBeTruthy();
    expect(typeof document.paths).toBe("object");
    expect(document.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ type: "http", scheme: "bearer" }));
    expect(document.components.schemas.Error).toBeDefined();
  });

  it("documents every route of the table, with its parameters, body, response and errors", () => {
    for (const route of restRoutes) {
      const operation = document.paths[route.path]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation!.operationId).toBe(route.operationId);
      const success = operation!.responses[String(route.status)];
      expect(success?.description).toBeTruthy();
      if (route.response) expect(success?.content?.["application/json"]?.schema).toBeDefined();
      if (route.body) expect(operation!.requestBody?.content["application/json"]?.schema).toBeDefined();
      // 400 for every route: any of them refuses a query parameter it does not take.
      for (const status of [400, ...(route.errors ?? [])]) {
        expect(operation!.responses[String(status)]?.content?.["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Error" });
      }
      if (route.auth) {
        expect(operation!.security).toEqual([{ bearerAuth: [] }]);
        expect(operation!.responses["401"]).toBeDefined();
      } else {
        expect(operation!.security).toEqual([]);
      }
      for (const name of Object.keys(route.query?.shape ?? {})) {
        expect(operation!.parameters?.some((p) => p.in === "query" && p.name === name)).toBe(true);
      }
    }
  });

  it("has nothing the route table does not declare", () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => methods.includes(key))
        .map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(restRoutes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it("declares every path template parameter as a required path parameter", () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(item)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === "path");
        expect(declared.map((p) => p.name).sort()).toEqual([...names].sort());
        expect(declared.every((p) => p.required === true && p.schema)).toBe(true);
      }
    }
  });

  it("has unique operation ids, described responses and only resolvable references", () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(status).toMatch(/^[1-5]\d\d$/);
        expect(response.description).toBeTruthy();
      }
    }
    for (const ref of collectRefs(document)) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      expect(name && document.components.schemas[name], ref).toBeTruthy();
    }
  });

  it("never describes a secret in a response", () => {
    const responses = JSON.stringify(Object.values(document.paths).flatMap((item) => Object.values(item).map((o) => o.responses)));
    const schemas = JSON.stringify({
      integration: document.components.schemas.Integration,
      connection: document.components.schemas.Connection,
    });
    for (const secret of ['clientSecret"', 'webhookSecret"', "credentials"]) {
      expect(responses + schemas).not.toContain(secret);
    }
  });
});
