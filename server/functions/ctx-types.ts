// The Function API as a declaration file, loaded into the Monaco editor so that user
// code gets completion and type checks. Keep it in step with bootstrap.ts.

export const CTX_TYPES_FILENAME = "file:///switchboard-ctx.d.ts";

export const CTX_TYPES = `
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface SwitchboardEvent<Payload = any> {
  /** The provider's event type, e.g. "contact.propertyChange". */
  type: string;
  /** The event's payload, or the value the previous node passed on. */
  payload: Payload;
  /** Provider id, e.g. "hubspot". */
  provider: string;
  /** ISO 8601 time the webhook was received. */
  receivedAt: string;
  /** The provider's event id, when it has one. */
  id: string | null;
  /** The id of the object the event is about, when the provider says. */
  objectId: string | null;
}

interface SwitchboardConnection {
  /** The id your app knows this connection by. */
  id: string;
  metadata: Record<string, Json>;
  endUser: { id?: string; email?: string; displayName?: string; [key: string]: Json | undefined } | null;
}

interface ProxyRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  /** A path on the provider's API base URL, e.g. "/crm/v3/objects/contacts/123". */
  endpoint: string;
  params?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  data?: unknown;
}

interface ProxyResponse<T = any> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, else text. */
  data: T;
}

interface RecordWriteResult {
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

interface SwitchboardContext<Payload = any> {
  event: SwitchboardEvent<Payload>;
  /** The connection the event belongs to, or null for unattributed events. */
  connection: SwitchboardConnection | null;
  /** Calls the provider's API with the connection's credentials (tokens refreshed). Rejects on network errors and on 5xx after retries. */
  proxy<T = any>(request: ProxyRequest): Promise<ProxyResponse<T>>;
  records: {
    /** Objects need an "id"; unchanged objects are not written again. */
    save(model: string, objects: Array<{ id: string | number; [key: string]: unknown }>): Promise<RecordWriteResult>;
    update(model: string, objects: Array<{ id: string | number; [key: string]: unknown }>): Promise<RecordWriteResult>;
    delete(model: string, objects: Array<{ id: string | number } | string | number>): Promise<RecordWriteResult>;
  };
  /** Sends a forward to the environment's forward URL now, besides the return value. */
  forward(payload: unknown): Promise<void>;
  log: {
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
  };
  getMetadata(): Record<string, Json> | null;
  /** Replaces the connection's metadata. */
  setMetadata(metadata: Record<string, Json>): Promise<void>;
}

/** Logged like ctx.log. */
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
`;
