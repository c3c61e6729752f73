import Link from "next/link";
import { formatClockTime, formatJson } from "@/app/_components/format";
import { OperationStatusBadge } from "./badges";
import { runHref, type LogOperation } from "./types";

const typeLabels: Record<string, string> = { webhook: "Webhook", event: "Event", forward: "Forward", replay: "Replay" };

function hasData(data: unknown): boolean {
  return data !== null && data !== undefined && !(typeof data === "object" && Object.keys(data).length === 0);
}

/** The webhook's operation tree: each operation indented under its parent, its messages in order. */
export function LogTimeline({ operations }: { operations: LogOperation[] }) {
  if (operations.length === 0) {
    return <p className="muted">Nothing is logged yet: the worker writes the log as it processes the webhook.</p>;
  }
  return (
    <ol className="log-tree" data-testid="log-timeline">
      {operations.map((op) => (
        <li
          key={op.id}
          className="log-op"
          style={{ marginLeft: `${Math.min(op.depth, 4) * 20}px` }}
          data-testid="log-operation"
          data-type={op.type}
        >
          <div className="log-op-head">
            <span className={`log-dot log-dot-${op.status}`} aria-hidden="true" />
            <span className="log-op-type">{typeLabels[op.type] ?? op.type}</span>
            <span className="log-op-title">{op.title}</span>
            <OperationStatusBadge status={op.status} />
            {op.connectionId ? <span className="chip">{op.connectionId}</span> : null}
            {op.type === "pipeline" ? (
              <Link href={runHref(op.id)} className="btn btn-sm btn-ghost" data-testid="open-run">
                Open run
              </Link>
            ) : null}
            <time className="faint mono log-time" dateTime={op.startedAt}>
              {formatClockTime(op.startedAt)}
            </time>
          </div>
          {op.messages.length > 0 ? (
            <ul className="log-messages">
              {op.messages.map((m) => (
                <li key={m.id} className={`log-message log-${m.level}`} data-level={m.level}>
                  <span className="log-level">{m.level}</span>
                  <time className="faint mono log-time" dateTime={m.createdAt}>
                    {formatClockTime(m.createdAt)}
                  </time>
                  <div className="log-text">
                    {m.message}
                    {hasData(m.data) ? (
                      <details className="log-data">
                        <summary>Data</summary>
                        <pre className="json">{formatJson(m.data)}</pre>
                      </details>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
