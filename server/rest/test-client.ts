import { createAccount, environmentKeys } from "../auth/accounts.service";

// For the REST integration tests: a tiny client that sends JSON with a secret key and
// keeps the raw text of every answer, so that tests can check what never appears in it.

/** What a view looks like after JSON: dates are ISO strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface ApiClient {
  request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    init?: { headers?: Record<string, string>; rawBody?: string },
  ): Promise<ApiResponse<T>>;
  get<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>>;
  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>>;
  patch<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>>;
  delete<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>>;
}

export function apiClient(baseUrl: string, secretKey: string | null): ApiClient {
  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    init: { headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(secretKey ? { authorization: `Bearer ${secretKey}` } : {}) };
    const payload = init.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${baseUrl}${path}`, { method, headers: { ...headers, ...init.headers }, body: payload });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: (text ? JSON.parse(text) : undefined) as T };
  }
  return {
    request,
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body),
    patch: (path, body) => request("PATCH", path, body),
    delete: (path) => request("DELETE", path),
  };
}

/** A fresh account; returns the dev environment's keys and a client authenticated with its secret key. */
export async function accountWithClient(baseUrl: string, email: string) {
  const { environments } = await createAccount({ email, password: "correct horse battery" });
  const keys = environmentKeys(environments[0]!);
  return { keys, environment: environments[0]!, api: apiClient(baseUrl, keys.secretKey) };
}
