"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/trpc";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { ProviderName } from "@/app/_components/provider-mark";
import { PipelinesIcon, PlusIcon } from "@/app/_components/icons";
import { formatDateTime, formatRelative } from "@/app/_components/format";

export function PipelinesList() {
  const trpc = useTRPC();
  const pipelines = useQuery(trpc.pipelines.list.queryOptions());

  if (pipelines.isPending) {
    return (
      <div className="card">
        <SkeletonRows rows={3} label="Loading pipelines…" />
      </div>
    );
  }
  if (pipelines.isError) return <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />;

  if (pipelines.data.length === 0) {
    return (
      <div className="card">
        <EmptyState
          icon={<PipelinesIcon width={20} height={20} />}
          title="No integrations yet"
          testId="pipelines-empty"
          actions={
            <Link className="btn btn-primary" href="/integrations/new">
              <PlusIcon />
              New integration
            </Link>
          }
        >
          Each integration gets a pipeline. Until you design one, every event is forwarded to your forward URL, signed with your
          environment&apos;s signing secret.
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="card table-wrap">
      <table className="table" data-testid="pipelines-table">
        <thead>
          <tr>
            <th scope="col">Integration</th>
            <th scope="col">Provider</th>
            <th scope="col">Pipeline</th>
            <th scope="col">Last saved</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {pipelines.data.map((row) => (
            <tr key={row.key} data-testid="pipeline-row" data-key={row.key}>
              <td className="cell-strong">
                <Link href={`/pipelines/${encodeURIComponent(row.key)}`}>{row.key}</Link>
              </td>
              <td className="cell-nowrap">
                <ProviderName id={row.provider} name={row.providerName} />
              </td>
              <td>
                {row.activeVersion !== null ? (
                  <span className="badge badge-success">
                    v{row.activeVersion} active{row.versionCount > 1 ? ` · ${row.versionCount} versions` : ""}
                  </span>
                ) : (
                  <span className="muted">Default: forwards every event</span>
                )}
              </td>
              <td className="cell-nowrap muted" title={row.lastSavedAt ? formatDateTime(row.lastSavedAt) : undefined}>
                {row.lastSavedAt ? formatRelative(row.lastSavedAt) : "Never"}
              </td>
              <td className="cell-nowrap">
                <Link className="btn btn-sm" href={`/pipelines/${encodeURIComponent(row.key)}`}>
                  {row.activeVersion !== null ? "Edit pipeline" : "Design pipeline"}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
