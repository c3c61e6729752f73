import http from "node:http";
import https from "node:https";
import { checkLiteralHost, DestinationNotAllowedError, guardedLookup } from "../forwarding/destination-policy";

// Every call Switchboard makes to a provider for an end user (token exchange, refresh,
// revocation, post-connect lookups, subscriptions, the proxy) goes through here, so that
// one destination policy applies to all of them: the same one as forwards, checked on the
// address the name resolves to at connect time. Environments that do not allow private
// addresses (prod, by default) cannot be pointed at localhost, the cloud metadata address
// or the internal network, whatever the DNS name says. Redirects are never followed.

export { DestinationNotAllowedError };

export interface ProviderFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs: number;
  /** The environment's allowPrivateForwardUrls. */
  allowPrivate: boolean;
}

export interface ProviderHttpResponse {
  status: number;
  /** Lowercased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

const agentOptions = { keepAlive: true, maxSockets: 32 };
const agents = {
  "http:": {
    strict: new http.Agent({ ...agentOptions, lookup: guardedLookup(false) }),
    open: new http.Agent({ ...agentOptions, lookup: guardedLookup(true) }),
  },
  "https:": {
    strict: new https.Agent({ ...agentOptions, lookup: guardedLookup(false) }),
    open: new https.Agent({ ...agentOptions, lookup: guardedLookup(true) }),
  },
};

/** Throws DestinationNotAllowedError when the policy refuses the host, any other Error for network failures. */
export function providerFetch(target: URL | string, init: ProviderFetchInit): Promise<ProviderHttpResponse> {
  const url = new URL(target);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.reject(new DestinationNotAllowedError(`${url.protocol} URLs are not allowed (only http and https)`));
  }
  try {
    checkLiteralHost(url.hostname, init.allowPrivate);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const transport = url.protocol === "https:" ? https : http;
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: init.method ?? "GET",
        agent: agents[url.protocol as "http:" | "https:"][init.allowPrivate ? "open" : "strict"],
        headers: {
          "user-agent": "Switchboard/1.0",
          ...init.headers,
          ...(body ? { "content-length": String(body.length) } : {}),
        },
        timeout: init.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
          }
          resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${init.timeoutMs} ms`)));
    request.on("error", reject);
    request.end(body);
  });
}

/** Whether an error from providerFetch is the policy's refusal (as opposed to the network failing). */
export function isRefusal(error: unknown): error is DestinationNotAllowedError {
  return error instanceof DestinationNotAllowedError;
}
