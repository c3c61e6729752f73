import Link from "next/link";
import { formatDateTime, formatRelative } from "@/app/_components/format";
import { DeliveriesSummary, WebhookStatusBadge } from "./badges";
import { EventTypes } from "./event-types";
import { webhookHref, type WebhookSummary } from "./types";

/** Received webhooks, newest first; each row opens the webhook's whole story. */
export function WebhooksTable({
  webhooks,
  showIntegration = true,
  freshIds,
}: {
  webhooks: WebhookSummary[];
  showIntegration?: boolean;
  /** Rows that arrived while the user watched, highlighted briefly. */
  freshIds?: ReadonlySet<string>;
}) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="webhooks-table">
        <thead>
          <tr>
            <th scope="col">Received</th>
            {showIntegration ? <th scope="col">Integration</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Delivery</th>
            <th scope="col">Event types</th>
            <th scope="col">Events</th>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {webhooks.map((webhook) => (
            <tr
              key={webhook.id}
              data-testid="webhook-row"
              data-webhook-id={webhook.id}
              className={freshIds?.has(webhook.id) ? "row-fresh" : undefined}
            >
              <td className="cell-nowrap">
                <Link href={webhookHref(webhook.id)} title={formatDateTime(webhook.receivedAt)}>
                  {formatRelative(webhook.receivedAt)}
                </Link>
                <div className="faint webhook-time">{formatDateTime(webhook.receivedAt)}</div>
              </td>
              {showIntegration ? <td className="cell-nowrap">{webhook.integrationKey ?? <span className="faint">deleted</span>}</td> : null}
              <td>
                <WebhookStatusBadge status={webhook.status} />
                {webhook.error ? (
                  <div className="webhook-error" title={webhook.error}>
                    {webhook.error}
                  </div>
                ) : null}
              </td>
              <td className="cell-nowrap">
                {webhook.status === "pending" ? <span className="faint">—</span> : <DeliveriesSummary counts={webhook.deliveries} />}
              </td>
              <td>
                <EventTypes types={webhook.eventTypes} />
              </td>
              <td className="cell-nowrap">{webhook.eventCount}</td>
              <td className="cell-nowrap table-action">
                <Link
                  href={webhookHref(webhook.id)}
                  className="btn btn-sm"
                  aria-label={`View webhook received ${formatDateTime(webhook.receivedAt)}`}
                >
                  View
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
