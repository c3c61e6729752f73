"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/trpc";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { formatDateTime, formatRelative } from "@/app/_components/format";
import { runHref } from "@/app/_webhooks/types";
import { statusTone } from "./run-status";

const POLL_MS = 5_000;

/** The pipeline's latest real runs; each opens on its page in the logs. */
export function RunsPanel({ integrationKey }: { integrationKey: string }) {
  const trpc = useTRPC();
  const runs = useQuery(trpc.pipelines.runs.queryOptions({ key: integrationKey }, { refetchInterval: POLL_MS }));
  if (runs.isPending) return <SkeletonRows rows={4} label="Loading runs…" />;
  if (runs.isError) return <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />;
  if (runs.data.length === 0) {
    return <p className="muted">No run yet. Once the pipeline is saved, every event that a trigger matches starts a run here.</p>;
  }
  return (
    <div className="run-results" data-testid="recent-runs">
      <h3>Recent runs</h3>
      <ul>
        {runs.data.map((run) => (
          <li key={run.id}>
            <Link href={runHref(run.id)} className="run-result-row run-link-row" data-testid="recent-run" data-run-id={run.id}>
              <span className={`badge badge-${statusTone(run.status)}`}>{run.status}</span>
              <span className="mono">{run.eventType ?? (run.startNodeId ? `${run.startNodeId} fired` : "event")}</span>
              <span className="faint">
                {run.versionNumber ? `v${run.versionNumber} · ` : ""}
                {run.connectionId ? `${run.connectionId} · ` : ""}
                <span title={formatDateTime(run.createdAt)}>{formatRelative(run.createdAt)}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="faint">Open a run to see each node's input, output, logs and time.</p>
    </div>
  );
}
