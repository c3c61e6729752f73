import { z } from "zod";
import { AppError, errorCodes, isDatabaseUnavailable } from "../lib/errors";
import { describeZodError } from "../integrations/integrations.schema";

// Every failure leaves the API as { error: { code, message } }; this is the one place
// where errors become statuses. AppError covers the domain; the HTTP layer adds the
// few statuses that only exist here (405, 415) and the opaque 500.

export const restErrorStatuses = {
  ...errorCodes,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  internal: 500,
} as const;

export type RestErrorCode = keyof typeof restErrorStatuses;

export class HttpError extends Error {
  constructor(
    readonly code: RestErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }

  get status(): number {
    return restErrorStatuses[this.code];
  }
}

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(restErrorStatuses) as [RestErrorCode, ...RestErrorCode[]]),
      message: z.string().meta({ description: "For people; names the failing field where there is one." }),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .meta({ description: "Structured detail where there is some, e.g. `nodeErrors` ([{ nodeId, message }]) for an invalid pipeline." }),
    }),
  })
  .meta({ id: "Error" });

export type ErrorBody = z.output<typeof errorBodySchema>;

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/** Zod failures on the request body name the field; a failure of the body as a whole says so. */
export function invalidInput(error: z.ZodError, where: "body" | "query"): HttpError | AppError {
  const root = error.issues[0]?.path.length === 0 && error.issues[0]?.code !== "unrecognized_keys";
  const message = root ? `${where === "body" ? "request body" : "query"}: ${describeZodError(error)}` : describeZodError(error);
  return where === "body" ? new AppError("unprocessable", message) : new AppError("bad_request", message);
}

export function toErrorResponse(error: unknown): ErrorResponse {
  const make = (code: RestErrorCode, message: string, headers: Record<string, string> = {}): ErrorResponse => ({
    status: restErrorStatuses[code],
    body: { error: { code, message } },
    headers,
  });
  if (error instanceof HttpError) return make(error.code, error.message, error.headers);
  if (error instanceof AppError) {
    const response = make(error.code, error.message);
    const details = error.details;
    if (typeof details === "object" && details !== null && !Array.isArray(details)) {
      response.body.error.details = details as Record<string, unknown>;
    }
    return response;
  }
  if (isDatabaseUnavailable(error)) {
    console.error("REST API: database unavailable", error);
    return make("unavailable", "Service temporarily unavailable; try again shortly", { "retry-after": "5" });
  }
  console.error("REST API: unexpected error", error);
  return make("internal", "Internal error");
}
