// The typings Monaco gets for Function code: the Function API (`ctx`) and the event payload
// type inferred from samples. `Context` is global so that `export default async function
// (ctx: Context)` needs no import (esbuild strips the annotation when the Function compiles).

/** Used until the server provides its own declaration of the Function API. */
const fallbackApi = `
interface SwitchboardProxyRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path under the provider's API base URL, e.g. "/crm/v3/objects/contacts/123". */
  endpoint: string;
  params?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  data?: unknown;
}
interface SwitchboardProxyResponse<T = any> {
  status: number;
  headers: Record<string, string>;
  /** Parsed as JSON when the response is JSON. */
  data: T;
}
interface SwitchboardContextBase<P> {
  event: {
    id: string;
    type: string;
    provider: string;
    receivedAt: string;
    payload: P;
  };
  connection: { id: string; metadata: Record<string, unknown>; endUser: Record<string, unknown> | null } | null;
  /** Calls the external API as the connection (credentials added, tokens refreshed). */
  proxy<T = any>(request: SwitchboardProxyRequest): Promise<SwitchboardProxyResponse<T>>;
  records: {
    save(model: string, objects: Array<Record<string, unknown>>): Promise<void>;
    update(model: string, objects: Array<Record<string, unknown>>): Promise<void>;
    delete(model: string, objects: Array<Record<string, unknown>>): Promise<void>;
  };
  /** Forwards a payload to the environment's forward URL, signed. */
  forward(payload: unknown): Promise<void>;
  log: { info(...args: unknown[]): void; warn(...args: unknown[]): void; error(...args: unknown[]): void };
  getMetadata(): Promise<Record<string, unknown>>;
  setMetadata(metadata: Record<string, unknown>): Promise<void>;
}
`;

export function buildFunctionLib(payloadType: string, serverApi: string | null): string {
  if (serverApi) {
    // The server's declarations are a global script (no imports or exports): extend it in kind.
    return `${serverApi}

/** The payload of this integration's events, inferred from samples. */
type EventPayload = ${payloadType};
/** What a Function receives. Its return value flows to the next node; undefined stops the branch. */
type Context = SwitchboardContext<EventPayload>;
`;
  }
  return `declare global {
${fallbackApi}
  /** The payload of this integration's events, inferred from samples. */
  type EventPayload = ${payloadType};
  /** What a Function receives. Its return value flows to the next node; undefined stops the branch. */
  type Context = SwitchboardContextBase<EventPayload>;
}
export {};
`;
}
