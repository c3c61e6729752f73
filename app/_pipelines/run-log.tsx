"use client";

import Link from "next/link";
import "./pipelines.css";
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorCode } from "@/app/_trpc/errors";
import { PageHeader } from "@/app/_components/page-header";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { formatClockTime, formatDateTime, formatJson } from "@/app/_components/format";
import { OperationStatusBadge } from "@/app/_webhooks/badges";
import { connectionHref, webhookHref } from "@/app/_webhooks/types";
import { statusTone } from "./run-status";

type RunView = inferRouterOutputs<AppRouter>["pipelines"]["run"];
type RunNode = RunView["nodes"][number];
type Message = RunNode["logs"][number];

const POLL_MS = 2_000;

const breadcrumb = <Link href="/logs">Logs</Link>;

/** One pipeline run: each node it ran, in order, with input, output, logs, API calls and time. */
export function RunLogView({ id }: { id: string }) {
  const trpc = useTRPC();
  const run = useQuery(
    trpc.pipelines.run.queryOptions(
      { id },
      { refetchInterval: (query) => (["pending", "running"].includes(query.state.data?.status ?? "") ? POLL_MS : false) },
    ),
  );

  if (run.isPending) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title="Pipeline run" />
        <div className="card">
          <SkeletonRows rows={5} label="Loading run…" />
        </div>
      </>
    );
  }
  if (run.isError) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title="Pipeline run" />
        {errorCode(run.error) === "NOT_FOUND" ? (
          <div className="card">
            <EmptyState
              title="Run not found"
              testId="run-not-found"
              actions={
                <Link className="btn" href="/logs">
                  Back to Logs
                </Link>
              }
            >
              There is no pipeline run with this id in this environment. It may belong to another environment, or it is older than the log
              retention and was removed.
            </EmptyState>
          </div>
        ) : (
          <ErrorState error={run.error} onRetry={() => void run.refetch()} />
        )}
      </>
    );
  }

  const data = run.data;
  const totalMs = data.nodes.reduce((sum, node) => sum + node.durationMs, 0);
  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            {breadcrumb}
            {data.webhookId ? (
              <>
                {" / "}
                <Link href={webhookHref(data.webhookId)} data-testid="run-webhook-link">
                  Webhook
                </Link>
              </>
            ) : null}
          </>
        }
        title={<span data-testid="run-title">{data.title ?? `Pipeline run ${data.id}`}</span>}
        description={
          <span className="webhook-meta">
            {data.integrationKey ? (
              <Link href={`/pipelines/${encodeURIComponent(data.integrationKey)}`} data-testid="run-pipeline-link">
                {data.integrationKey} pipeline{data.versionNumber ? ` v${data.versionNumber}` : ""}
              </Link>
            ) : (
              <span className="faint">deleted integration</span>
            )}
            {data.eventType ? <code>{data.eventType}</code> : null}
            {data.connectionId && data.integrationKey ? (
              <Link href={connectionHref(data.integrationKey, data.connectionId)} className="mono">
                {data.connectionId}
              </Link>
            ) : null}
            <span title={formatDateTime(data.createdAt)}>started {formatDateTime(data.createdAt)}</span>
            <span className={`badge badge-${statusTone(data.status)}`} data-testid="run-status">
              {data.status}
            </span>
          </span>
        }
      />

      {data.error ? (
        <div className="alert alert-error" role="alert">
          {data.error}
        </div>
      ) : null}

      <section className="card" aria-labelledby="run-nodes-heading" data-testid="run-nodes">
        <div className="card-section">
          <div className="card-header">
            <div>
              <h2 id="run-nodes-heading">Nodes</h2>
              <p>
                Each node the run reached, in the order it ran
                {data.startNodeId ? `, from the Debounce node ${data.startNodeId} once its key was quiet` : ""}. {data.nodes.length} node
                {data.nodes.length === 1 ? "" : "s"}, {totalMs} ms in all
                {data.attempts > 1 ? `, ${data.attempts} attempts (resumed after the nodes that had finished)` : ""}.
              </p>
            </div>
          </div>
          {data.nodes.length === 0 ? (
            <p className="muted">{["pending", "running"].includes(data.status) ? "No node has finished yet." : "No node ran."}</p>
          ) : null}
        </div>
        <ol className="run-log-nodes">
          {data.nodes.map((node, index) => (
            <RunNodeItem key={node.key} node={node} index={index} />
          ))}
        </ol>
      </section>

      {data.messages.length > 0 ? (
        <section className="card" aria-labelledby="run-messages-heading">
          <div className="card-section">
            <h2 id="run-messages-heading">Run log</h2>
            <Messages messages={data.messages} />
          </div>
        </section>
      ) : null}
    </>
  );
}

function Json({ title, value, testId }: { title: string; value: unknown; testId: string }) {
  return (
    <details className="payload" open>
      <summary>{title}</summary>
      <pre className="json" data-testid={testId}>
        {value === undefined ? "—" : formatJson(value)}
      </pre>
    </details>
  );
}

function Messages({ messages, testId }: { messages: Message[]; testId?: string }) {
  return (
    <ul className="log-messages" data-testid={testId}>
      {messages.map((m) => (
        <li key={m.id} className={`log-message log-${m.level}`} data-level={m.level}>
          <span className="log-level">{m.level}</span>
          <time className="faint mono log-time" dateTime={m.createdAt}>
            {formatClockTime(m.createdAt)}
          </time>
          <div className="log-text">{m.message}</div>
        </li>
      ))}
    </ul>
  );
}

function RunNodeItem({ node, index }: { node: RunNode; index: number }) {
  return (
    <li className="card-section run-log-node" data-testid="run-node" data-node-id={node.nodeId} data-key={node.key}>
      <div className="event-head">
        <span className="faint mono">#{index + 1}</span>
        <span className="log-op-type">{node.type}</span>
        <code>{node.nodeId}</code>
        {node.path ? <span className="faint">via {node.path}</span> : null}
        <span className={`badge badge-${statusTone(node.status)}`} data-testid="run-node-status">
          {node.status}
        </span>
        <span className="muted mono" data-testid="run-node-duration">
          {node.durationMs} ms
        </span>
        {node.startedAt ? (
          <time className="faint mono log-time" dateTime={node.startedAt}>
            {formatClockTime(node.startedAt)}
          </time>
        ) : null}
        {node.attempts > 1 ? <span className="faint">attempt {node.attempts}</span> : null}
      </div>
      {node.error ? <pre className="delivery-error">{node.error}</pre> : null}
      <Json title="Input" value={node.input} testId="run-node-input" />
      <Json title="Output" value={node.output} testId="run-node-output" />
      {node.logs.length > 0 ? (
        <details className="payload" open>
          <summary>Logs</summary>
          <Messages messages={node.logs} testId="run-node-logs" />
        </details>
      ) : null}
      {node.apiCalls.length > 0 ? (
        <details className="payload" open>
          <summary>API calls</summary>
          <ul className="log-messages" data-testid="run-node-api-calls">
            {node.apiCalls.map((call) => (
              <li key={call.id} className="log-message">
                <OperationStatusBadge status={call.status} />
                <span className="mono">{call.title}</span>
                {call.durationMs !== null ? <span className="muted mono">{call.durationMs} ms</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}
