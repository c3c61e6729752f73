"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Brand } from "@/app/_components/brand";
import { ProviderMark } from "@/app/_components/provider-mark";
import type { ConnectOption, ConnectPageData, ConnectResult } from "@/server/connect/connect.schema";

// Lists the integrations a connect session allows and runs one: OAuth in this window
// (or, when embedded in an iframe, in a popup, since providers refuse to be framed), or
// an API key / basic form. The outcome is posted to the opener or parent window:
// switchboard:connected, or switchboard:closed when the end user closes the page (its
// Close button, or the window itself) without connecting.

/** Set when this window hands over to the provider's consent page: leaving it then is not closing. */
let handedToProvider = false;

type Load = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; data: ConnectPageData };

function notify(message: Record<string, unknown>): void {
  // Only ids and the integration key travel in these messages, so any embedding origin may receive them.
  const opener = window.opener as Window | null;
  const target = opener ?? (window.parent !== window ? window.parent : null);
  try {
    target?.postMessage(message, "*");
  } catch {
    // A closed opener: nothing to tell.
  }
}

async function readError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `Request failed (${response.status})`;
  } catch {
    return `Request failed (${response.status})`;
  }
}

function authorizeUrl(session: string, option: ConnectOption, config: Record<string, string>): string {
  const params = new URLSearchParams({ session, integration: option.key });
  for (const [name, value] of Object.entries(config)) params.set(`config.${name}`, value);
  return `/oauth/authorize?${params.toString()}`;
}

function OptionForm({
  session,
  option,
  onBack,
  onConnected,
}: {
  session: string;
  option: ConnectOption;
  onBack: () => void;
  onConnected: (result: ConnectResult) => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const set = (name: string, value: string) => setValues((current) => ({ ...current, [name]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (option.authMode === "oauth2") {
      for (const field of option.connectionConfig) {
        const value = values[field.name]?.trim() ?? "";
        if (!value) return setError(`${field.label}: please fill this in`);
        if (field.pattern && !new RegExp(field.pattern).test(value)) return setError(`${field.label}: "${value}" is not valid`);
      }
      const config = Object.fromEntries(option.connectionConfig.map((field) => [field.name, values[field.name]?.trim() ?? ""]));
      const url = authorizeUrl(session, option, config);
      try {
        // The result page links back here when the end user needs to try again.
        sessionStorage.setItem("switchboard:connect-url", window.location.href);
      } catch {
        // Storage may be blocked (third-party iframe); the retry link is then omitted.
      }
      if (window.parent !== window) {
        window.open(url, "switchboard-oauth", "popup,width=600,height=720");
        return;
      }
      handedToProvider = true;
      window.location.assign(url);
      return;
    }
    setPending(true);
    try {
      const response = await fetch("/oauth/credentials", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ session, integration: option.key, ...values }),
      });
      if (!response.ok) return setError(await readError(response));
      onConnected((await response.json()) as ConnectResult);
    } catch {
      setError("The connection could not be made. Check your network and try again.");
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)} data-testid="connect-form">
      <div style={{ display: "flex", gap: 12, alignItems: "center" }}>
        <ProviderMark id={option.provider} name={option.providerName} />
        <div>
          <h2 style={{ margin: 0, fontSize: 17 }}>{option.providerName}</h2>
          <div className="muted mono">{option.key}</div>
        </div>
      </div>
      {option.authMode === "oauth2"
        ? option.connectionConfig.map((field) => (
            <div className="field" key={field.name}>
              <label className="field-label" htmlFor={`config-${field.name}`}>
                {field.label}
              </label>
              <input
                id={`config-${field.name}`}
                className="input"
                placeholder={field.example}
                value={values[field.name] ?? ""}
                onChange={(event) => set(field.name, event.target.value)}
                autoComplete="off"
              />
            </div>
          ))
        : null}
      {option.authMode === "apiKey" ? (
        <div className="field">
          <label className="field-label" htmlFor="api-key">
            {option.apiKeyLabel ?? "API key"}
          </label>
          <input
            id="api-key"
            className="input mono"
            type="password"
            value={values.apiKey ?? ""}
            onChange={(event) => set("apiKey", event.target.value)}
            autoComplete="off"
          />
        </div>
      ) : null}
      {option.authMode === "basic" ? (
        <>
          <BasicField
            name="username"
            label={option.usernameLabel ?? "Username"}
            value={values.username ?? ""}
            onChange={(value) => set("username", value)}
          />
          <BasicField
            name="password"
            label={option.passwordLabel ?? "Password"}
            type="password"
            value={values.password ?? ""}
            onChange={(value) => set("password", value)}
          />
        </>
      ) : null}
      {error ? (
        <div className="alert alert-error" role="alert" data-testid="connect-error">
          {error}
        </div>
      ) : null}
      <div style={{ display: "flex", gap: 8 }}>
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid="connect-submit">
          {option.authMode === "oauth2" ? `Continue to ${option.providerName}` : pending ? "Checking…" : "Connect"}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onBack}>
          Back
        </button>
      </div>
    </form>
  );
}

export function ConnectPage({ session }: { session: string }) {
  const [load, setLoad] = useState<Load>(() =>
    session
      ? { state: "loading" }
      : { state: "error", message: "This page needs a connect session. Open it from the app you are connecting." },
  );
  const [selected, setSelected] = useState<ConnectOption | null>(null);
  const [connected, setConnected] = useState<ConnectResult | null>(null);

  // Whether the opener has heard how this ended, so that closing the window does not say "closed" after it.
  const told = useRef(false);

  const onConnected = useCallback((result: ConnectResult) => {
    setConnected(result);
    told.current = true;
    notify({ type: "switchboard:connected", ...result });
  }, []);

  // The end user closes the popup (or the page) without connecting.
  useEffect(() => {
    const onPageHide = () => {
      if (told.current || handedToProvider) return;
      told.current = true;
      notify({ type: "switchboard:closed" });
    };
    window.addEventListener("pagehide", onPageHide);
    return () => window.removeEventListener("pagehide", onPageHide);
  }, []);

  useEffect(() => {
    if (!session) return;
    let live = true;
    fetch(`/oauth/session?session=${encodeURIComponent(session)}`)
      .then(async (response) => {
        if (!live) return;
        if (!response.ok) setLoad({ state: "error", message: await readError(response) });
        else setLoad({ state: "ready", data: (await response.json()) as ConnectPageData });
      })
      .catch(() => live && setLoad({ state: "error", message: "The page could not load. Check your network and reload." }));
    return () => {
      live = false;
    };
  }, [session]);

  // OAuth in a popup (when this page is framed): its result page posts to us; pass it on.
  useEffect(() => {
    const listener = (event: MessageEvent) => {
      if (event.origin !== window.location.origin) return;
      const data = event.data as { type?: string; connectionId?: string; integrationKey?: string };
      if (data?.type === "switchboard:connected" && data.connectionId && data.integrationKey) {
        onConnected({ connectionId: data.connectionId, integrationKey: data.integrationKey });
      }
    };
    window.addEventListener("message", listener);
    return () => window.removeEventListener("message", listener);
  }, [onConnected]);

  const close = () => {
    if (!told.current) notify({ type: "switchboard:closed" });
    told.current = true;
    if (window.opener) window.close();
  };

  return (
    <div style={{ minHeight: "100vh", display: "grid", placeItems: "center", padding: 24, background: "var(--bg, #f6f7f9)" }}>
      <main className="card" style={{ width: "100%", maxWidth: 440 }} data-testid="connect-page">
        <div className="card-section" style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
          <Brand />
          <button type="button" className="btn btn-ghost btn-sm" onClick={close} data-testid="connect-close">
            Close
          </button>
        </div>
        <div className="card-section">
          {load.state === "loading" ? (
            <p className="muted">Loading…</p>
          ) : load.state === "error" ? (
            <div className="alert alert-error" role="alert" data-testid="connect-error">
              {load.message}
            </div>
          ) : connected ? (
            <div className="alert alert-success" role="status" data-testid="connect-success">
              Connected. You can close this window.
            </div>
          ) : selected ? (
            <OptionForm session={session} option={selected} onBack={() => setSelected(null)} onConnected={onConnected} />
          ) : (
            <>
              <h1 style={{ fontSize: 18, margin: "0 0 4px" }}>Connect an account</h1>
              <p className="muted" style={{ marginTop: 0 }}>
                {load.data.endUser.displayName ?? load.data.endUser.email ?? load.data.endUser.id}, choose what to connect.
              </p>
              {load.data.integrations.length === 0 ? (
                <p className="muted">There is nothing to connect here yet.</p>
              ) : (
                <ul style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: 8 }}>
                  {load.data.integrations.map((option) => (
                    <li key={option.key}>
                      <button
                        type="button"
                        className="btn btn-block"
                        style={{ justifyContent: "flex-start", gap: 12, padding: "10px 12px" }}
                        onClick={() => setSelected(option)}
                        data-testid="connect-option"
                        data-integration={option.key}
                      >
                        <ProviderMark id={option.provider} name={option.providerName} small />
                        <span>{option.providerName}</span>
                        <span className="muted mono" style={{ marginLeft: "auto" }}>
                          {option.key}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      </main>
    </div>
  );
}

// A username or password field of the basic-auth form; its id is the credential's name.
function BasicField({
  name,
  label,
  type,
  value,
  onChange,
}: {
  name: "username" | "password";
  label: string;
  type?: "password";
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={name}>
        {label}
      </label>
      <input id={name} className="input" type={type} value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}
