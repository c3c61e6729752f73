import { buildOpenApiDocument, openApiDocumentSchema, type OpenApiDocument } from "../openapi";
import { definePublicRoute, type RestRoute } from "../route";

/** Serves the document of the routes `getRoutes` returns (itself included), built once. */
export function openApiRoute(getRoutes: () => RestRoute[]): RestRoute {
  let document: OpenApiDocument | undefined;
  return definePublicRoute({
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This API's OpenAPI 3.1 document",
    tag: "Meta",
    status: 200,
    response: openApiDocumentSchema,
    responseDescription: "The OpenAPI document",
    handle: ({ origin }) => {
      document ??= buildOpenApiDocument(getRoutes());
      return Promise.resolve({ ...document, servers: [{ url: origin }] });
    },
  });
}
