"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { useEnvironment } from "@/app/_trpc/api-provider";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows, Spinner } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { ConnectionsIcon } from "@/app/_components/icons";
import { NoIntegrations } from "@/app/_integrations/no-integrations";
import { useDebouncedValue } from "@/app/_components/use-debounced-value";
import { ConnectionsTable } from "./connections-table";
import { ImportExample } from "./import-example";

const PAGE_SIZE = 25;

/** Keeps the integration filter in the address bar, so a filtered list can be shared or reloaded. */
function rememberFilter(integrationKey: string): void {
  const url = new URL(window.location.href);
  if (integrationKey) url.searchParams.set("integration", integrationKey);
  else url.searchParams.delete("integration");
  window.history.replaceState(null, "", url);
}

function ConnectionsBrowser({ initialIntegration }: { initialIntegration: string }) {
  const trpc = useTRPC();
  const searchId = useId();
  const filterId = useId();
  const [search, setSearch] = useState("");
  const [integrationKey, setIntegrationKey] = useState(initialIntegration);
  const debouncedSearch = useDebouncedValue(search.trim(), 300);

  const integrations = useQuery(trpc.integrations.list.queryOptions());
  const providers = useQuery(trpc.providers.list.queryOptions(undefined, { staleTime: Infinity }));
  const connections = useInfiniteQuery(
    trpc.connections.list.infiniteQueryOptions(
      { integrationKey: integrationKey || undefined, search: debouncedSearch || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );

  const filtered = Boolean(integrationKey || debouncedSearch);
  const items = connections.data?.pages.flatMap((page) => page.items) ?? [];

  if (integrations.isSuccess && integrations.data.length === 0) {
    return (
      <NoIntegrations testId="connections-no-integrations">
        Every connection belongs to an integration: one end user&apos;s account on GitHub, HubSpot, Shopify… Create the integration, then
        import your users&apos; connections to it.
      </NoIntegrations>
    );
  }

  const firstIntegration = integrations.data?.find((entry) => entry.key === integrationKey) ?? integrations.data?.[0];
  const attributionKey = providers.data?.find((entry) => entry.id === firstIntegration?.provider)?.attributionKeys[0];

  return (
    <>
      <div className="toolbar" role="search">
        <label htmlFor={searchId} className="visually-hidden">
          Search connections
        </label>
        <input
          id={searchId}
          className="input"
          type="search"
          placeholder="Search id, end user, attribution value"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          data-testid="connections-search"
        />
        <label htmlFor={filterId} className="visually-hidden">
          Integration
        </label>
        <select
          id={filterId}
          className="select"
          value={integrationKey}
          onChange={(event) => {
            setIntegrationKey(event.target.value);
            rememberFilter(event.target.value);
          }}
          data-testid="connections-integration-filter"
        >
          <option value="">All integrations</option>
          {integrations.data?.map((integration) => (
            <option key={integration.id} value={integration.key}>
              {integration.key}
            </option>
          ))}
        </select>
        {connections.isFetching && !connections.isFetchingNextPage && !connections.isPending ? (
          <span className="muted" role="status" style={{ display: "inline-flex", gap: 6, alignItems: "center" }}>
            <Spinner /> Updating…
          </span>
        ) : null}
      </div>

      {connections.isPending ? (
        <div className="card">
          <SkeletonRows rows={4} label="Loading connections…" />
        </div>
      ) : connections.isError ? (
        <ErrorState error={connections.error} onRetry={() => void connections.refetch()} />
      ) : items.length === 0 && filtered ? (
        <div className="card">
          <EmptyState
            title="No connections match"
            testId="connections-no-match"
            actions={
              <button
                type="button"
                className="btn"
                onClick={() => {
                  setSearch("");
                  setIntegrationKey("");
                  rememberFilter("");
                }}
              >
                Clear filters
              </button>
            }
          >
            Nothing in this environment matches {debouncedSearch ? <>&ldquo;{debouncedSearch}&rdquo;</> : "the filter"}
            {integrationKey ? ` in ${integrationKey}` : ""}.
          </EmptyState>
        </div>
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState
            icon={<ConnectionsIcon width={20} height={20} />}
            title="No connections yet"
            testId="connections-empty"
            body={firstIntegration ? <ImportExample integrationKey={firstIntegration.key} attributionKey={attributionKey} /> : null}
          >
            A connection is one of your users&apos; accounts on an integration, with the ids that tell Switchboard which webhooks are
            theirs. End users connect their accounts on the hosted connect page (your backend creates a session with{" "}
            <code>POST /api/v1/connect/sessions</code>), or your backend imports connections with <code>POST /api/v1/connections</code>.
          </EmptyState>
        </div>
      ) : (
        <div className="card">
          <ConnectionsTable connections={items} />
          {connections.hasNextPage ? (
            <div className="table-footer">
              <button
                type="button"
                className="btn"
                onClick={() => void connections.fetchNextPage()}
                disabled={connections.isFetchingNextPage}
                data-testid="connections-load-more"
              >
                {connections.isFetchingNextPage ? (
                  <>
                    <Spinner /> Loading…
                  </>
                ) : (
                  "Load more"
                )}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </>
  );
}

/** Filters start over in another environment: its integrations are different. */
export function ConnectionsView({ initialIntegration }: { initialIntegration: string }) {
  const { environment } = useEnvironment();
  return <ConnectionsBrowser key={environment} initialIntegration={initialIntegration} />;
}
