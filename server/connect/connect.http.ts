import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { AppError } from "../lib/errors";
import { readJsonBody } from "../rest/body";
import { toErrorResponse } from "../rest/errors";
import { requestOrigin } from "../rest/origin";
import { sendJson } from "../rest/respond";
import { completeAuthorization, connectWithCredentials, describeConnectSession, startAuthorization } from "./connect.service";

// The hosted connect flow's endpoints, served in front of Next.js like /api/v1 (the page
// itself, /connect, is a Next page that calls these):
//   GET  /oauth/session?session=…                 what the page shows
//   GET  /oauth/authorize?session=…&integration=… redirect to the provider (state + PKCE)
//   POST /oauth/credentials                        API key / basic form
//   GET  /oauth/callback                           the provider's redirect back

export const CONNECT_PREFIX = "/oauth/";

const credentialsBody = z.object({
  session: z.string().min(1),
  integration: z.string().min(1),
  apiKey: z.string().max(4096).optional(),
  username: z.string().max(1024).optional(),
  password: z.string().max(4096).optional(),
});

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tiny standalone page: it tells the opener (popup) or parent (iframe) how it went, then explains. */
function resultPage(outcome: { ok: boolean; title: string; message: string; payload: Record<string, unknown> }): string {
  // The payload holds no secrets (connection id, integration key, or an error text), so any origin may receive it.
  const script = `(function(){var m=${JSON.stringify(outcome.payload).replace(/</g, "\\u003c")};
var t=window.opener||(window.parent!==window?window.parent:null);
try{if(t)t.postMessage(m,"*");}catch(e){}
var back=null;try{back=sessionStorage.getItem("switchboard:connect-url");}catch(e){}
var a=document.getElementById("retry");if(a){if(back){a.href=back;}else{a.remove();}}
if(m.type==="switchboard:connected"&&window.opener){setTimeout(function(){window.close();},1500);}})();`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(outcome.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;background:#f6f7f9;color:#1d2330;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border:1px solid #e3e6eb;border-radius:12px;padding:28px 32px;max-width:420px}
h1{font-size:18px;margin:0 0 8px}.ok{color:#13795b}.err{color:#b42318}a{color:#3b5bdb}</style></head>
<body><main data-testid="connect-result" data-ok="${outcome.ok}"><h1 class="${outcome.ok ? "ok" : "err"}">${escapeHtml(outcome.title)}</h1>
<p>${escapeHtml(outcome.message)}</p>${outcome.ok ? "" : '<p><a id="retry" href="#">Try again</a></p>'}</main>
<script>${script}</script></body></html>`;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": String(Buffer.byteLength(html)),
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
  });
  res.end(html);
}

export async function handleConnectRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const origin = requestOrigin(req);
  const method = req.method ?? "GET";
  try {
    if (url.pathname === "/oauth/session" && method === "GET") {
      return sendJson(res, 200, await describeConnectSession(url.searchParams.get("session")));
    }
    if (url.pathname === "/oauth/credentials" && method === "POST") {
      const parsed = credentialsBody.safeParse(await readJsonBody(req));
      if (!parsed.success) throw new AppError("unprocessable", "Send session, integration and the credentials");
      const { session, integration, ...secrets } = parsed.data;
      return sendJson(res, 201, await connectWithCredentials({ token: session, integrationKey: integration, ...secrets, origin }));
    }
    if (url.pathname === "/oauth/authorize" && method === "GET") {
      const config: Record<string, string> = {};
      for (const [name, value] of url.searchParams) if (name.startsWith("config.")) config[name.slice("config.".length)] = value;
      try {
        const location = await startAuthorization({
          token: url.searchParams.get("session"),
          integrationKey: url.searchParams.get("integration") ?? "",
          config,
          origin,
        });
        res.writeHead(302, { location, "cache-control": "no-store", "referrer-policy": "no-referrer" });
        return void res.end();
      } catch (error) {
        const failure = toErrorResponse(error);
        const message = error instanceof AppError ? error.message : "Something went wrong. Please try again.";
        return sendHtml(
          res,
          failure.status,
          resultPage({ ok: false, title: "Could not start connecting", message, payload: { type: "switchboard:error", message } }),
        );
      }
    }
    if (url.pathname === "/oauth/callback" && method === "GET") {
      const outcome = await completeAuthorization(url.searchParams, origin);
      if (outcome.ok) {
        return sendHtml(
          res,
          200,
          resultPage({
            ok: true,
            title: "Connected",
            message: "Your account is connected. You can close this window.",
            payload: { type: "switchboard:connected", connectionId: outcome.connectionId, integrationKey: outcome.integrationKey },
          }),
        );
      }
      return sendHtml(
        res,
        400,
        resultPage({
          ok: false,
          title: "Not connected",
          message: outcome.message,
          payload: { type: "switchboard:error", message: outcome.message, integrationKey: outcome.integrationKey ?? null },
        }),
      );
    }
    throw new AppError("not_found", `No such endpoint: ${method} ${url.pathname}`);
  } catch (error) {
    const failure = toErrorResponse(error);
    sendJson(res, failure.status, failure.body, failure.headers);
  }
}
