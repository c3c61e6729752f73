import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "../lib/errors";
import { HttpError, invalidInput, toErrorResponse } from "./errors";

describe("toErrorResponse", () => {
  afterEach(() => vi.restoreAllMocks());

  it("maps AppError codes to their statuses with the message", () => {
    expect(toErrorResponse(new AppError("conflict", 'An integration with key "x" already exists'))).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: 'An integration with key "x" already exists' } },
      headers: {},
    });
  });

  it("keeps the headers of HTTP-only errors", () => {
    const response = toErrorResponse(new HttpError("method_not_allowed", "Use GET", { allow: "GET" }));
    expect(response).toMatchObject({ status: 405, headers: { allow: "GET" }, body: { error: { code: "method_not_allowed" } } });
  });

  it("hides unexpected errors behind a 500 and logs them", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = toErrorResponse(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(response).toEqual({ status: 500, body: { error: { code: "internal", message: "Internal error" } }, headers: {} });
    expect(log).toHaveBeenCalled();
  });

  it("answers 503 when the database cannot be reached, so that clients retry", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = toErrorResponse(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }));
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe("unavailable");
  });

  it("treats a ZodError that escaped validation as our bug, not the caller's", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(toErrorResponse(z.string().safeParse(1).error).status).toBe(500);
  });
});

describe("invalidInput", () => {
  const schema = z.object({ key: z.string().min(1, "must not be empty") });

  it("is 422 for bodies and 400 for queries, naming the field", () => {
    const error = schema.safeParse({ key: "" }).error!;
    expect(invalidInput(error, "body")).toMatchObject({ code: "unprocessable", message: "key: must not be empty" });
    expect(invalidInput(error, "query")).toMatchObject({ code: "bad_request", message: "key: must not be empty" });
  });

  it("says when the body as a whole is wrong", () => {
    const error = schema.safeParse("text").error!;
    expect(invalidInput(error, "body").message).toMatch(/^request body: /);
  });
});
