import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";

type ApiError = TRPCClientError<AppRouter>;

function asApiError(error: unknown): ApiError | null {
  return error instanceof TRPCClientError ? (error as ApiError) : null;
}

/** The server's message, or a generic one when the request never reached it. */
export function errorMessage(error: unknown): string {
  const apiError = asApiError(error);
  if (apiError?.data) return apiError.message;
  return "Could not reach Switchboard. Check your connection and try again.";
}

/** Per-field messages from input validation, keyed by field path ("email", "settings.url"). */
export function fieldErrors(error: unknown): Record<string, string> {
  return asApiError(error)?.data?.fieldErrors ?? {};
}

export function errorCode(error: unknown): string | undefined {
  return asApiError(error)?.data?.code;
}
