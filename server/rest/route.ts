import type { z } from "zod";
import type { Environment } from "../lib/generated/prisma/client";

// One declaration per route: method, path, zod schemas and handler. The dispatcher
// (handler.ts) and the OpenAPI document (openapi.ts) are both built from these, so
// what is documented is what is validated.

export type HttpMethod = "get" | "post" | "patch" | "put" | "delete";

/** Error statuses a route can answer besides the ones every route shares; listed in the document. */
export type DocumentedError = 400 | 404 | 409 | 413 | 415 | 422;

type ObjectSchema = z.ZodObject;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

interface RouteMeta {
  method: HttpMethod;
  /** Full path with {param} placeholders, e.g. "/api/v1/integrations/{key}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  status: 200 | 201 | 202 | 204;
  responseDescription: string;
  errors?: DocumentedError[];
}

interface TypedRoute<P, Q, B, R, Env> extends RouteMeta {
  params?: P;
  query?: Q;
  body?: B;
  /** What the handler returns is parsed with this before it is sent, so undeclared fields (secrets) never leave. */
  response?: R;
  handle(ctx: {
    environment: Env;
    params: Parsed<P>;
    query: Parsed<Q>;
    body: Parsed<B>;
    origin: string;
  }): Promise<R extends z.ZodType ? z.input<R> : void>;
}

export interface RouteContext {
  environment: Environment | null;
  params: unknown;
  query: unknown;
  body: unknown;
  origin: string;
}

/** The untyped form the dispatcher and the document generator work with. */
export interface RestRoute extends RouteMeta {
  auth: boolean;
  params?: ObjectSchema;
  query?: ObjectSchema;
  body?: z.ZodType;
  response?: z.ZodType;
  handle(ctx: RouteContext): Promise<unknown>;
}

/** A route that needs the environment's secret key; the handler gets the environment. */
export function defineRoute<
  P extends ObjectSchema | undefined = undefined,
  Q extends ObjectSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(route: TypedRoute<P, Q, B, R, Environment>): RestRoute {
  return { ...route, auth: true };
}

/** A route anyone may call (the OpenAPI document). */
export function definePublicRoute<R extends z.ZodType | undefined = undefined>(
  route: TypedRoute<undefined, undefined, undefined, R, null>,
): RestRoute {
  return { ...route, auth: false };
}
