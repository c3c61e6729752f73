"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { formatDateTime, formatJson, formatRelative } from "@/app/_components/format";
import { SkeletonRows } from "@/app/_components/loading";
import { ErrorState, FormError } from "@/app/_components/error-state";
import type { Connection } from "./types";

// The connection detail's live parts: editable metadata, provider webhook subscriptions,
// recent webhooks attributed to the connection, and its recent log operations.

export function MetadataEditor({ connection }: { connection: Connection }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(() => formatJson(connection.metadata));
  const [parseError, setParseError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const update = useMutation(trpc.connections.updateMetadata.mutationOptions());
  const input = { integrationKey: connection.integrationKey, connectionId: connection.connectionId };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    let metadata: unknown;
    try {
      metadata = JSON.parse(text);
    } catch (error) {
      return setParseError(`Not valid JSON: ${(error as Error).message}`);
    }
    if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))
      return setParseError("Metadata must be a JSON object");
    setParseError(null);
    const next = await update.mutateAsync({ ...input, metadata: metadata as Record<string, unknown> }).catch(() => null);
    if (!next) return;
    queryClient.setQueryData(trpc.connections.get.queryKey(input), next);
    setSaved(true);
  };

  return (
    <form className="form" onSubmit={(event) => void save(event)}>
      <label className="field-label" htmlFor="metadata-json">
        Metadata
      </label>
      <textarea
        id="metadata-json"
        className="input mono"
        rows={Math.min(14, Math.max(4, text.split("\n").length + 1))}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setSaved(false);
        }}
        aria-invalid={parseError ? true : undefined}
        data-testid="connection-metadata-input"
      />
      {parseError ? <div className="field-error">{parseError}</div> : null}
      {update.isError ? <FormError error={update.error} /> : null}
      <div style={{ display: "flex", gap: 8, alignItems: "center" }}>
        <button type="submit" className="btn" disabled={update.isPending} data-testid="connection-metadata-save">
          {update.isPending ? "Saving…" : "Save metadata"}
        </button>
        {saved ? (
          <span className="muted" role="status">
            Saved
          </span>
        ) : null}
      </div>
    </form>
  );
}

export function ConnectionActivity({ connection }: { connection: Connection }) {
  const trpc = useTRPC();
  const activity = useQuery(
    trpc.connections.activity.queryOptions({ integrationKey: connection.integrationKey, connectionId: connection.connectionId }),
  );
  if (activity.isPending) {
    return (
      <section className="card">
        <SkeletonRows rows={3} label="Loading activity…" />
      </section>
    );
  }
  if (activity.isError) return <ErrorState error={activity.error} onRetry={() => void activity.refetch()} />;
  const { subscriptions, webhooks, logs } = activity.data;
  return (
    <>
      <section className="card" aria-labelledby="subscriptions-heading">
        <div className="card-section">
          <h2 id="subscriptions-heading">Webhook subscriptions</h2>
          {subscriptions.length === 0 ? (
            <p className="muted">
              None: this provider&apos;s webhooks are set up once for the app, or were not registered for this account.
            </p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="connection-subscriptions">
                <thead>
                  <tr>
                    <th scope="col">Subscription</th>
                    <th scope="col">Target URL</th>
                    <th scope="col">Own secret</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {subscriptions.map((s) => (
                    <tr key={s.id}>
                      <td className="mono">{s.externalId}</td>
                      <td className="mono">{s.url}</td>
                      <td>{s.hasSecret ? "yes (encrypted)" : "no"}</td>
                      <td className="muted" title={formatDateTime(s.createdAt)}>
                        {formatRelative(s.createdAt)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>
      <section className="card" aria-labelledby="recent-webhooks-heading">
        <div className="card-section">
          <h2 id="recent-webhooks-heading">Recent webhooks</h2>
          {webhooks.length === 0 ? (
            <p className="muted">No webhooks have been attributed to this connection yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="connection-webhooks">
                <thead>
                  <tr>
                    <th scope="col">Received</th>
                    <th scope="col">Events</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {webhooks.map((w) => (
                    <tr key={w.id}>
                      <td title={formatDateTime(w.receivedAt)}>{formatRelative(w.receivedAt)}</td>
                      <td className="mono">{w.eventTypes.join(", ") || "—"}</td>
                      <td>{w.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>
      <section className="card" aria-labelledby="connection-logs-heading">
        <div className="card-section">
          <h2 id="connection-logs-heading">Logs</h2>
          {logs.length === 0 ? (
            <p className="muted">
              Nothing logged for this connection yet. Connects, token refreshes and proxy calls appear here; see also{" "}
              <Link href="/logs">Logs</Link>.
            </p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="connection-logs">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Type</th>
                    <th scope="col">What</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {logs.map((op) => (
                    <tr key={op.id}>
                      <td className="cell-nowrap" title={formatDateTime(op.startedAt)}>
                        {formatRelative(op.startedAt)}
                      </td>
                      <td>{op.type}</td>
                      <td>{op.title}</td>
                      <td>{op.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>
    </>
  );
}
