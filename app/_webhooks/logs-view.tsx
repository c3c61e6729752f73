"use client";

import Link from "next/link";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { useEnvironment } from "@/app/_trpc/api-provider";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { LogsIcon } from "@/app/_components/icons";
import { NoIntegrations } from "@/app/_integrations/no-integrations";
import { useDebouncedValue } from "@/app/_components/use-debounced-value";
import { WebhooksTable } from "./webhooks-table";
import { RejectionsPanel } from "./rejections-panel";
import { LoadMore } from "./load-more";
import { rangeStart, timeRanges, writeFiltersToUrl, type LogsFilters, type StatusFilter, type TimeRange } from "./filters";

const PAGE_SIZE = 50;
const TAIL_MS = 2_000;

function LogsBrowser({ initial }: { initial: LogsFilters }) {
  const trpc = useTRPC();
  const ids = { integration: useId(), status: useId(), type: useId(), connection: useId(), range: useId() };
  const [filters, setFilters] = useState(initial);
  // Refreshed each minute so that "last 15 minutes" keeps meaning that on an open page.
  const [now, setNow] = useState(() => Date.now());
  const [liveSince, setLiveSince] = useState<string | null>(null);
  const type = useDebouncedValue(filters.type.trim(), 300);
  const connection = useDebouncedValue(filters.connection.trim(), 300);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const update = (patch: Partial<LogsFilters>) => {
    const next = { ...filters, ...patch };
    setFilters(next);
    writeFiltersToUrl(next);
  };

  const integrations = useQuery(trpc.integrations.list.queryOptions());
  const webhooks = useInfiniteQuery(
    trpc.webhooks.list.infiniteQueryOptions(
      {
        integrationKey: filters.integration || undefined,
        status: filters.status || undefined,
        type: type || undefined,
        connectionId: connection || undefined,
        since: rangeStart(filters.range, now),
        limit: PAGE_SIZE,
      },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        placeholderData: keepPreviousData,
        enabled: filters.tab === "webhooks",
        refetchInterval: liveSince ? TAIL_MS : false,
      },
    ),
  );

  const filtered = Boolean(filters.integration || filters.status || type || connection || filters.range);
  const items = webhooks.data?.pages.flatMap((page) => page.items) ?? [];
  const fresh = new Set(liveSince ? items.filter((w) => w.receivedAt > liveSince).map((w) => w.id) : []);

  if (integrations.isSuccess && integrations.data.length === 0) {
    return (
      <NoIntegrations testId="logs-no-integrations">
        Webhooks arrive on an integration&apos;s webhook URL. Create an integration, register its URL with the provider, and every webhook
        it sends is logged here, step by step.
      </NoIntegrations>
    );
  }

  const clearFilters = () => update({ integration: "", status: "", type: "", connection: "", range: "" });

  return (
    <>
      <div className="tabs" role="tablist" aria-label="Logs">
        <button
          type="button"
          role="tab"
          className="tab"
          aria-selected={filters.tab === "webhooks"}
          onClick={() => update({ tab: "webhooks" })}
          data-testid="logs-tab-webhooks"
        >
          Webhooks
        </button>
        <button
          type="button"
          role="tab"
          className="tab"
          aria-selected={filters.tab === "rejected"}
          onClick={() => update({ tab: "rejected" })}
          data-testid="logs-tab-rejected"
        >
          Rejected requests
        </button>
      </div>

      <div className="toolbar logs-filters" role="search">
        <div className="filter">
          <label htmlFor={ids.integration}>Integration</label>
          <select
            id={ids.integration}
            className="select"
            value={filters.integration}
            onChange={(event) => update({ integration: event.target.value })}
            data-testid="logs-filter-integration"
          >
            <option value="">All integrations</option>
            {integrations.data?.map((integration) => (
              <option key={integration.id} value={integration.key}>
                {integration.key}
              </option>
            ))}
          </select>
        </div>
        {filters.tab === "webhooks" ? (
          <>
            <div className="filter">
              <label htmlFor={ids.status}>Status</label>
              <select
                id={ids.status}
                className="select"
                value={filters.status}
                onChange={(event) => update({ status: event.target.value as StatusFilter })}
                data-testid="logs-filter-status"
              >
                <option value="">Any status</option>
                <option value="processed">Processed</option>
                <option value="pending">Pending</option>
                <option value="failed">Failed</option>
              </select>
            </div>
            <TextFilter
              id={ids.type}
              label="Event type"
              placeholder="e.g. issues.opened"
              value={filters.type}
              onChange={(type) => update({ type })}
              testId="logs-filter-type"
            />
            <TextFilter
              id={ids.connection}
              label="Connection ID"
              placeholder="e.g. acme-corp"
              value={filters.connection}
              onChange={(connection) => update({ connection })}
              testId="logs-filter-connection"
            />
            <div className="filter">
              <label htmlFor={ids.range}>Time</label>
              <select
                id={ids.range}
                className="select"
                value={filters.range}
                onChange={(event) => update({ range: event.target.value as TimeRange })}
                data-testid="logs-filter-range"
              >
                <option value="">Any time</option>
                {timeRanges.map((range) => (
                  <option key={range.value} value={range.value}>
                    {range.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="filter filter-actions">
              <button
                type="button"
                className={`btn ${liveSince ? "btn-live" : ""}`}
                aria-pressed={liveSince !== null}
                onClick={() => setLiveSince(liveSince ? null : new Date().toISOString())}
                data-testid="logs-live-tail"
              >
                <span className={`live-dot ${liveSince ? "" : "live-dot-off"}`} aria-hidden="true" />
                {liveSince ? "Live" : "Live tail"}
              </button>
              {filtered ? (
                <button type="button" className="btn btn-ghost" onClick={clearFilters}>
                  Clear
                </button>
              ) : null}
            </div>
          </>
        ) : null}
      </div>

      {filters.tab === "rejected" ? (
        <RejectionsPanel integrationKey={filters.integration} />
      ) : webhooks.isPending ? (
        <div className="card">
          <SkeletonRows rows={5} label="Loading webhooks…" />
        </div>
      ) : webhooks.isError ? (
        <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : items.length === 0 && filtered ? (
        <div className="card">
          <EmptyState
            title="No webhooks match"
            testId="logs-no-match"
            actions={
              <button type="button" className="btn" onClick={clearFilters}>
                Clear filters
              </button>
            }
          >
            Nothing in this environment matches these filters{liveSince ? " yet; new webhooks appear here as they arrive" : ""}. Event type
            and connection ID must match exactly.
          </EmptyState>
        </div>
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState
            icon={<LogsIcon width={20} height={20} />}
            title="No webhooks received yet"
            testId="logs-empty"
            actions={
              <>
                <Link className="btn" href="/integrations">
                  View integrations
                </Link>
                <button type="button" className="btn" onClick={() => update({ tab: "rejected" })}>
                  Check rejected requests
                </button>
              </>
            }
          >
            Copy an integration&apos;s webhook URL into the provider&apos;s webhook settings and trigger an event there. Each webhook is
            logged here with its headers and body, the connection it was attributed to, and every delivery attempt to your backend. Requests
            that fail signature checks are listed under Rejected requests.
          </EmptyState>
        </div>
      ) : (
        <div className="card">
          {liveSince ? (
            <div className="live-banner" role="status">
              <span className="live-dot" aria-hidden="true" /> Live: new webhooks appear at the top every 2 seconds.
            </div>
          ) : null}
          <WebhooksTable webhooks={items} freshIds={fresh} />
          {webhooks.hasNextPage ? (
            <LoadMore onClick={() => void webhooks.fetchNextPage()} loading={webhooks.isFetchingNextPage} testId="logs-load-more" />
          ) : null}
        </div>
      )}
    </>
  );
}

/** Filters start over in another environment: its integrations are different. */
export function LogsView({ initial }: { initial: LogsFilters }) {
  const { environment } = useEnvironment();
  return <LogsBrowser key={environment} initial={initial} />;
}

// One free-text filter of the logs toolbar (label above a plain input).
function TextFilter({
  id,
  label,
  placeholder,
  value,
  onChange,
  testId,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
    </div>
  );
}
