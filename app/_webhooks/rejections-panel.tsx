"use client";

import { Fragment, useState } from "react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/trpc";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { CheckIcon } from "@/app/_components/icons";
import { formatDateTime, formatRelative } from "@/app/_components/format";
import { HeadersTable } from "./headers-table";
import { HttpStatus } from "./badges";
import { LoadMore } from "./load-more";

const PAGE_SIZE = 25;
const POLL_MS = 5_000;

/** Requests the webhook endpoint refused (bad signature, too large, malformed): nothing was stored or forwarded. */
export function RejectionsPanel({ integrationKey }: { integrationKey: string }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState<string | null>(null);
  const rejections = useInfiniteQuery(
    trpc.webhooks.rejections.infiniteQueryOptions(
      { integrationKey: integrationKey || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData, refetchInterval: POLL_MS },
    ),
  );

  if (rejections.isPending) {
    return (
      <div className="card">
        <SkeletonRows rows={3} label="Loading rejected requests…" />
      </div>
    );
  }
  if (rejections.isError) return <ErrorState error={rejections.error} onRetry={() => void rejections.refetch()} />;

  const items = rejections.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <div className="card">
        <EmptyState icon={<CheckIcon width={20} height={20} />} title="No rejected requests" testId="rejections-empty">
          Requests with a missing or wrong signature (401), a body over the size limit (413) or content that cannot be read (400) are
          refused without being stored, and listed here{integrationKey ? ` for ${integrationKey}` : ""}. If a provider says its deliveries
          fail but nothing shows up, check that the URL and secret match the integration.
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="card" data-testid="rejections">
      <div className="card-section rejections-intro">
        <p className="muted">
          Refused without being stored or forwarded. A bad signature usually means the secret in the provider and in the integration differ.
          At most 10 per minute per integration are logged; the rest are counted.
        </p>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="rejections-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Integration</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <Fragment key={item.id}>
                <tr data-testid="rejection-row">
                  <td className="cell-nowrap" title={formatDateTime(item.at)}>
                    {formatRelative(item.at)}
                    <div className="faint webhook-time">{formatDateTime(item.at)}</div>
                  </td>
                  <td className="cell-nowrap">{item.integrationKey ?? <span className="faint">deleted</span>}</td>
                  <td>
                    <HttpStatus code={item.statusCode} />
                  </td>
                  <td>
                    {item.reason ?? item.title}
                    {item.suppressedSinceLast ? (
                      <div className="faint">+{item.suppressedSinceLast} more not logged before this one</div>
                    ) : null}
                  </td>
                  <td className="cell-nowrap table-action">
                    <button
                      type="button"
                      className="btn btn-sm"
                      aria-expanded={open === item.id}
                      onClick={() => setOpen(open === item.id ? null : item.id)}
                    >
                      {open === item.id ? "Hide" : "Details"}
                    </button>
                  </td>
                </tr>
                {open === item.id ? (
                  <tr className="rejection-details">
                    <td colSpan={5}>
                      <div className="rejection-grid">
                        <div>
                          <code>
                            {item.method} {item.path}
                          </code>
                        </div>
                        <HeadersTable headers={item.headers} />
                        {item.body ? (
                          <>
                            <div className="muted">Body (first 2,000 bytes)</div>
                            <pre className="json">{item.body}</pre>
                          </>
                        ) : (
                          <div className="muted">No body.</div>
                        )}
                      </div>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {rejections.hasNextPage ? (
        <LoadMore onClick={() => void rejections.fetchNextPage()} loading={rejections.isFetchingNextPage} testId="rejections-load-more" />
      ) : null}
    </div>
  );
}
