"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/trpc";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { LogsIcon } from "@/app/_components/icons";
import { formatRelative } from "@/app/_components/format";
import { WebhooksTable } from "./webhooks-table";

const RECENT = 20;
// Often enough that a test webhook shows up while the user is still looking at the page.
const POLL_MS = 3_000;

function logsHref(integrationKey: string, tab?: "rejected"): string {
  const params = new URLSearchParams({ integration: integrationKey });
  if (tab) params.set("tab", tab);
  return `/logs?${params.toString()}`;
}

/** The integration's newest webhooks, refreshed while the page is open. */
export function RecentWebhooksCard({ integrationKey, providerName }: { integrationKey: string; providerName: string }) {
  const trpc = useTRPC();
  const webhooks = useQuery(trpc.webhooks.list.queryOptions({ integrationKey, limit: RECENT }, { refetchInterval: POLL_MS }));
  const rejections = useQuery(trpc.webhooks.rejections.queryOptions({ integrationKey, limit: 1 }, { refetchInterval: POLL_MS }));
  const lastRejection = rejections.data?.items[0];

  return (
    <section className="card" aria-labelledby="recent-webhooks-heading" data-testid="recent-webhooks">
      <div className="card-section">
        <div className="card-header">
          <div>
            <h2 id="recent-webhooks-heading">Recent webhooks</h2>
            <p>The newest {RECENT} webhooks received on this integration. This list refreshes by itself.</p>
          </div>
          <Link className="btn btn-sm" href={logsHref(integrationKey)} data-testid="recent-webhooks-all">
            <LogsIcon />
            View all in Logs
          </Link>
        </div>
        {lastRejection ? (
          <div className="alert alert-warning" role="note" data-testid="recent-rejection">
            A request was rejected {formatRelative(lastRejection.at)}
            {lastRejection.statusCode ? ` (${lastRejection.statusCode})` : ""}: {lastRejection.reason ?? lastRejection.title}.{" "}
            <Link href={logsHref(integrationKey, "rejected")}>See rejected requests</Link>
          </div>
        ) : null}
      </div>
      {webhooks.isPending ? (
        <SkeletonRows rows={3} label="Loading recent webhooks…" />
      ) : webhooks.isError ? (
        <div className="card-section">
          <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
        </div>
      ) : webhooks.data.items.length === 0 ? (
        <EmptyState icon={<LogsIcon width={20} height={20} />} title="No webhooks yet" testId="recent-webhooks-empty">
          Register the webhook URL above with {providerName} as the setup steps describe, then trigger an event there or send a test
          delivery: it appears here within seconds. Requests that fail verification (a wrong secret, for example) are not listed here; find
          them under <Link href={logsHref(integrationKey, "rejected")}>Rejected requests in Logs</Link>.
        </EmptyState>
      ) : (
        <WebhooksTable webhooks={webhooks.data.items} showIntegration={false} />
      )}
    </section>
  );
}
