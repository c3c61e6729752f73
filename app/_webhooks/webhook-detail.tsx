"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorCode, errorMessage } from "@/app/_trpc/errors";
import { PageHeader } from "@/app/_components/page-header";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows, Spinner } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { CopyButton } from "@/app/_components/copy-button";
import { ProviderName } from "@/app/_components/provider-mark";
import { formatDateTime, formatJson, formatRelative } from "@/app/_components/format";
import { AttributionBadge, DeliveriesSummary, DeliveryStatusBadge, EventStatusBadge, HttpStatus, WebhookStatusBadge } from "./badges";
import { HeadersTable } from "./headers-table";
import { RequestBody } from "./request-body";
import { LogTimeline } from "./log-timeline";
import { ReplayButton } from "./replay-button";
import { connectionHref, type Delivery, type WebhookDetail, type WebhookEvent } from "./types";

const POLL_MS = 2_000;
// Retries are seconds apart: attempt times need their seconds.
const attemptTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });

/** Something on the page will still change by itself: keep asking. */
function isLive(webhook: WebhookDetail | undefined): boolean {
  if (!webhook) return false;
  return (
    webhook.status === "pending" ||
    webhook.events.some((e) => e.status === "pending") ||
    webhook.deliveries.some((d) => d.status === "pending")
  );
}

const breadcrumb = <Link href="/logs">Logs</Link>;

/** Retries are seconds away, which the minute-grained relative format would call "just now". */
function formatUntil(iso: string): string {
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  if (seconds <= 0) return "due now";
  return seconds < 60 ? `in ${seconds} s` : formatRelative(iso);
}

export function WebhookDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [replayId, setReplayId] = useState<string | null>(null);
  const webhook = useQuery(
    trpc.webhooks.get.queryOptions({ id }, { refetchInterval: (query) => (isLive(query.state.data) ? POLL_MS : false) }),
  );
  const live = isLive(webhook.data);
  // A replay writes its log a moment later; keep the log fresh for a while after one.
  const logs = useQuery(
    trpc.webhooks.logTree.queryOptions({ id }, { enabled: webhook.isSuccess, refetchInterval: live || replayId ? POLL_MS : false }),
  );
  const providers = useQuery(trpc.providers.list.queryOptions(undefined, { staleTime: Infinity }));
  const replay = useMutation(trpc.webhooks.replay.mutationOptions());

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.get.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.logTree.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.pathKey() }),
    ]);

  if (webhook.isPending) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title="Webhook" />
        <div className="card">
          <SkeletonRows rows={5} label="Loading webhook…" />
        </div>
      </>
    );
  }

  if (webhook.isError) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title="Webhook" />
        {errorCode(webhook.error) === "NOT_FOUND" ? (
          <div className="card">
            <EmptyState
              title="Webhook not found"
              testId="webhook-not-found"
              actions={
                <Link className="btn" href="/logs">
                  Back to Logs
                </Link>
              }
            >
              There is no webhook with this id in this environment. It may belong to another environment, or it is older than the log
              retention and was removed.
            </EmptyState>
          </div>
        ) : (
          <ErrorState error={webhook.error} onRetry={() => void webhook.refetch()} />
        )}
      </>
    );
  }

  const data = webhook.data;
  const providerName = providers.data?.find((p) => p.id === data.provider)?.name ?? data.provider ?? "Unknown provider";
  const title =
    data.eventTypes.length === 1 ? data.eventTypes[0]! : data.eventCount > 1 ? `${data.eventCount} events` : `${data.method} webhook`;

  return (
    <>
      <PageHeader
        breadcrumb={breadcrumb}
        title={<span data-testid="webhook-title">{title}</span>}
        description={
          <span className="webhook-meta">
            {data.provider ? <ProviderName id={data.provider} name={providerName} /> : null}
            {data.integrationKey ? (
              <Link href={`/integrations/${encodeURIComponent(data.integrationKey)}`} data-testid="webhook-integration">
                {data.integrationKey}
              </Link>
            ) : (
              <span className="faint">deleted integration</span>
            )}
            <span title={formatDateTime(data.receivedAt)}>received {formatRelative(data.receivedAt)}</span>
            <WebhookStatusBadge status={data.status} />
            {data.status === "processed" ? (
              <DeliveriesSummary
                counts={{
                  pending: data.deliveries.filter((d) => d.status === "pending").length,
                  succeeded: data.deliveries.filter((d) => d.status === "succeeded").length,
                  failed: data.deliveries.filter((d) => d.status === "failed").length,
                }}
              />
            ) : null}
            {live ? (
              <span className="live-indicator" role="status">
                <span className="live-dot" aria-hidden="true" /> Updating
              </span>
            ) : null}
          </span>
        }
        actions={
          <ReplayButton
            disabled={data.status === "pending"}
            onReplay={async () => {
              const result = await replay.mutateAsync({ id });
              setReplayId(result.replayId);
              await refresh();
            }}
          />
        }
      />

      {replayId ? (
        <div className="alert alert-success notice" role="status" data-testid="replay-notice">
          <span>
            Replay queued (<code>{replayId}</code>). Its deliveries and log appear below as the worker runs them.
          </span>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setReplayId(null)}>
            Dismiss
          </button>
        </div>
      ) : null}

      {data.error ? (
        <div className="alert alert-error" role="alert">
          Processing failed: {data.error}
        </div>
      ) : null}

      <section className="card" aria-labelledby="request-heading">
        <div className="card-section">
          <h2 id="request-heading">Request</h2>
          <dl className="details-list">
            <dt>Request</dt>
            <dd>
              <code data-testid="webhook-request-line">
                {data.method} {data.path}
                {data.query ? `?${data.query}` : ""}
              </code>
            </dd>
            <dt>Received</dt>
            <dd>{formatDateTime(data.receivedAt)}</dd>
            <dt>Processed</dt>
            <dd>{data.processedAt ? formatDateTime(data.processedAt) : <span className="faint">not yet</span>}</dd>
            <dt>Webhook ID</dt>
            <dd className="id-row">
              <code>{data.id}</code>
              <CopyButton value={data.id} what="webhook ID" />
            </dd>
          </dl>
        </div>
        <div className="card-section">
          <h3>Headers</h3>
          <HeadersTable headers={data.headers} />
        </div>
        <div className="card-section">
          <h3>Body</h3>
          <RequestBody body={data.body} encoding={data.bodyEncoding} contentType={data.headers["content-type"]} />
        </div>
      </section>

      <section className="card" aria-labelledby="events-heading" data-testid="webhook-events">
        <div className="card-section">
          <div className="card-header">
            <div>
              <h2 id="events-heading">Events</h2>
              <p>What the webhook was split into, which connection each belongs to, and what happened to it.</p>
            </div>
          </div>
          {data.events.length === 0 ? (
            <p className="muted">
              {data.status === "pending" ? "The worker has not split this webhook yet." : "This webhook produced no events."}
            </p>
          ) : null}
        </div>
        {data.events.map((event) => (
          <EventItem key={event.id} event={event} integrationKey={data.integrationKey} />
        ))}
      </section>

      <section className="card" aria-labelledby="deliveries-heading" data-testid="webhook-deliveries">
        <div className="card-section">
          <div className="card-header">
            <div>
              <h2 id="deliveries-heading">Deliveries</h2>
              <p>Each forward to your backend, signed with Standard Webhooks, and every attempt at it.</p>
            </div>
          </div>
          {data.deliveries.length === 0 ? (
            <p className="muted">
              {data.status === "pending"
                ? "Nothing forwarded yet."
                : "Nothing was forwarded: no forward URL is set for this environment, or the events were dropped or duplicates. "}
              {data.status !== "pending" ? <Link href="/settings">Forwarding settings</Link> : null}
            </p>
          ) : null}
        </div>
        {data.deliveries.map((delivery) => (
          <DeliveryItem
            key={delivery.id}
            delivery={delivery}
            event={data.events.find((e) => e.id === delivery.eventId)}
            onRetried={refresh}
          />
        ))}
      </section>

      <section className="card" aria-labelledby="log-heading">
        <div className="card-section">
          <div className="card-header">
            <div>
              <h2 id="log-heading">Log</h2>
              <p>Every step, as the web process and the worker logged it.</p>
            </div>
          </div>
          {logs.isPending ? (
            <SkeletonRows rows={3} label="Loading log…" />
          ) : logs.isError ? (
            <ErrorState error={logs.error} onRetry={() => void logs.refetch()} />
          ) : (
            <LogTimeline operations={logs.data} />
          )}
        </div>
      </section>
    </>
  );
}

function EventItem({ event, integrationKey }: { event: WebhookEvent; integrationKey: string | null }) {
  const attribution = Object.entries(event.attribution);
  return (
    <div className="card-section event-item" data-testid="webhook-event" data-event-type={event.type}>
      <div className="event-head">
        <span className="faint mono">#{event.index + 1}</span>
        <code className="event-type">{event.type}</code>
        <EventStatusBadge status={event.status} />
      </div>
      <dl className="details-list details-compact">
        <dt>Connection</dt>
        <dd className="event-attribution">
          <AttributionBadge status={event.attributionStatus} />
          {event.connectionId && integrationKey ? (
            <Link href={connectionHref(integrationKey, event.connectionId)} className="mono" data-testid="event-connection">
              {event.connectionId}
            </Link>
          ) : event.attributionStatus === "ambiguous" ? (
            <span className="muted">these keys match more than one connection</span>
          ) : (
            <span className="muted">no connection has these attribution keys</span>
          )}
        </dd>
        <dt>Attribution keys</dt>
        <dd>
          {attribution.length === 0 ? (
            <span className="faint">none in this event</span>
          ) : (
            <span className="chips">
              {attribution.map(([key, value]) => (
                <span key={key} className="chip">
                  {key}={value}
                </span>
              ))}
            </span>
          )}
        </dd>
        {event.providerEventId ? (
          <>
            <dt>Provider event ID</dt>
            <dd>
              <code>{event.providerEventId}</code>
            </dd>
          </>
        ) : null}
        {event.note ? (
          <>
            <dt>Routing</dt>
            <dd data-testid="event-note">{event.note}</dd>
          </>
        ) : null}
        {event.duplicateOf ? (
          <>
            <dt>Duplicate of</dt>
            <dd>
              <span className="muted">already received as event </span>
              <code data-testid="event-duplicate-of">{event.duplicateOf}</code>
              <span className="muted">; not forwarded again</span>
            </dd>
          </>
        ) : null}
      </dl>
      <details className="payload">
        <summary>Payload</summary>
        <pre className="json">{formatJson(event.payload)}</pre>
      </details>
    </div>
  );
}

function DeliveryItem({
  delivery,
  event,
  onRetried,
}: {
  delivery: Delivery;
  event: WebhookEvent | undefined;
  onRetried: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const retry = useMutation(trpc.webhooks.retryDelivery.mutationOptions({ onSuccess: () => onRetried() }));
  return (
    <div className="card-section delivery-item" data-testid="webhook-delivery" data-status={delivery.status}>
      <div className="delivery-head">
        <DeliveryStatusBadge status={delivery.status} />
        <code className="delivery-url" title={delivery.url}>
          POST {delivery.url}
        </code>
        {delivery.status === "failed" ? (
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => retry.mutate({ deliveryId: delivery.id })}
            disabled={retry.isPending}
            data-testid="retry-delivery"
          >
            {retry.isPending ? <Spinner /> : null}
            Retry
          </button>
        ) : null}
      </div>
      <div className="muted delivery-sub">
        {event ? (
          <>
            Event #{event.index + 1} <code>{event.type}</code> ·{" "}
          </>
        ) : null}
        <span title="The webhook-id header your backend sees; it stays the same across retries">
          webhook-id <code>{delivery.id}</code>
        </span>{" "}
        · attempt {delivery.attemptCount} of {delivery.maxAttempts}
      </div>
      {retry.isError ? (
        <div className="alert alert-error" role="alert">
          {errorMessage(retry.error)}
        </div>
      ) : null}
      {delivery.attempts.length > 0 ? (
        <ol className="attempts" data-testid="delivery-attempts">
          {delivery.attempts.map((attempt) => (
            <li key={attempt.number} className="attempt">
              <span className="attempt-number">#{attempt.number}</span>
              <span className="faint attempt-time">{attemptTime.format(new Date(attempt.startedAt))}</span>
              <HttpStatus code={attempt.statusCode} />
              <span className="muted mono attempt-duration">{attempt.durationMs} ms</span>
              {attempt.error || attempt.responseExcerpt ? (
                <code
                  className={`attempt-response ${attempt.error ? "attempt-error" : ""}`}
                  title={attempt.error ?? attempt.responseExcerpt ?? ""}
                >
                  {attempt.error ?? attempt.responseExcerpt}
                </code>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No attempt yet.</p>
      )}
      {delivery.status === "pending" && delivery.nextAttemptAt ? (
        <p className="muted" data-testid="next-attempt">
          Next attempt {formatUntil(delivery.nextAttemptAt)} ({formatDateTime(delivery.nextAttemptAt)}).
        </p>
      ) : null}
      {delivery.status === "failed" && delivery.lastError ? <p className="delivery-error">Gave up: {delivery.lastError}</p> : null}
    </div>
  );
}
