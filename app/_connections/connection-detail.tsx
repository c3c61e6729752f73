"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorCode } from "@/app/_trpc/errors";
import { PageHeader } from "@/app/_components/page-header";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { formatDateTime, formatJson } from "@/app/_components/format";
import { AttributionChips, EndUserLabel, StatusBadge } from "./status-badge";
import { ConnectionActivity, MetadataEditor } from "./connection-activity";
import type { Connection, ConnectionPage } from "./types";

const breadcrumb = <Link href="/connections">Connections</Link>;

function ConnectionDetails({ connection }: { connection: Connection }) {
  return (
    <section className="card" aria-labelledby="details-heading">
      <div className="card-section">
        <h2 id="details-heading">Details</h2>
        <dl className="details-list">
          <dt>Connection ID</dt>
          <dd className="mono" data-testid="connection-id">
            {connection.connectionId}
          </dd>
          <dt>Integration</dt>
          <dd>
            <Link href={`/integrations/${encodeURIComponent(connection.integrationKey)}`}>{connection.integrationKey}</Link>{" "}
            <span className="muted">({connection.provider})</span>
          </dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={connection.status} />
          </dd>
          <dt>End user</dt>
          <dd>
            <EndUserLabel endUser={connection.endUser} />
          </dd>
          <dt>Attribution keys</dt>
          <dd>
            <AttributionChips attribution={connection.attribution} />
          </dd>
          <dt>Credentials</dt>
          <dd>{connection.hasCredentials ? "Stored, encrypted" : <span className="faint">none</span>}</dd>
          <dt>Created</dt>
          <dd>{formatDateTime(connection.createdAt)}</dd>
          <dt>Updated</dt>
          <dd>{formatDateTime(connection.updatedAt)}</dd>
        </dl>
      </div>
      <div className="card-section">
        <h3>End user</h3>
        {connection.endUser ? (
          <pre className="json mono">{formatJson(connection.endUser)}</pre>
        ) : (
          <p className="muted">No end user was given when this connection was created.</p>
        )}
      </div>
      <div className="card-section">
        <MetadataEditor key={connection.updatedAt} connection={connection} />
      </div>
    </section>
  );
}

function DeleteConnectionCard({ connection }: { connection: Connection }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.connections.delete.mutationOptions());
  const input = { integrationKey: connection.integrationKey, connectionId: connection.connectionId };

  const confirm = async () => {
    await remove.mutateAsync(input);
    queryClient.removeQueries({ queryKey: trpc.connections.get.queryKey(input) });
    // Cached lists are not on screen, so invalidating only marks them stale: drop the row
    // now so that no list shows it again while it refetches.
    queryClient.setQueriesData<InfiniteData<ConnectionPage>>({ queryKey: trpc.connections.list.pathKey() }, (data) =>
      data?.pages
        ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== connection.id) })) }
        : data,
    );
    await queryClient.invalidateQueries({ queryKey: trpc.connections.list.pathKey() });
    router.push("/connections");
  };

  return (
    <section className="card danger-card" aria-labelledby="delete-connection-heading">
      <div className="card-section card-header">
        <div>
          <h2 id="delete-connection-heading">Delete connection</h2>
          <p>Its credentials and attribution keys are deleted; webhooks for this account arrive unattributed from then on.</p>
        </div>
        <ConfirmButton
          label="Delete connection"
          title={`Delete the connection "${connection.connectionId}"?`}
          description="Its stored credentials and attribution keys are deleted. This cannot be undone."
          confirmLabel="Delete connection"
          pendingLabel="Deleting…"
          onConfirm={confirm}
          testId="delete-connection"
        />
      </div>
    </section>
  );
}

export function ConnectionDetail({ integrationKey, connectionId }: { integrationKey: string; connectionId: string }) {
  const trpc = useTRPC();
  const connection = useQuery(trpc.connections.get.queryOptions({ integrationKey, connectionId }));

  if (connection.isPending) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title={connectionId} />
        <div className="card">
          <SkeletonRows rows={5} label="Loading connection…" />
        </div>
      </>
    );
  }

  if (connection.isError) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title={connectionId} />
        {errorCode(connection.error) === "NOT_FOUND" ? (
          <div className="card">
            <EmptyState
              title="Connection not found"
              actions={
                <Link className="btn" href="/connections">
                  Back to connections
                </Link>
              }
            >
              There is no connection &ldquo;{connectionId}&rdquo; on the integration &ldquo;{integrationKey}&rdquo; in this environment.
            </EmptyState>
          </div>
        ) : (
          <ErrorState error={connection.error} onRetry={() => void connection.refetch()} />
        )}
      </>
    );
  }

  return (
    <>
      <PageHeader
        breadcrumb={breadcrumb}
        title={
          <span className="mono" style={{ fontSize: 20 }}>
            {connection.data.connectionId}
          </span>
        }
        description={
          <>
            Connection of <strong>{connection.data.integrationKey}</strong>
          </>
        }
      />
      <ConnectionDetails connection={connection.data} />
      <ConnectionActivity connection={connection.data} />
      <DeleteConnectionCard connection={connection.data} />
    </>
  );
}
