"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/trpc";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { CopyButton } from "@/app/_components/copy-button";
import { ProviderName } from "@/app/_components/provider-mark";
import { IntegrationsIcon, PlusIcon } from "@/app/_components/icons";
import { formatDateTime, formatRelative } from "@/app/_components/format";

export function IntegrationsList() {
  const trpc = useTRPC();
  const integrations = useQuery(trpc.integrations.list.queryOptions());

  if (integrations.isPending) {
    return (
      <div className="card">
        <SkeletonRows rows={3} label="Loading integrations…" />
      </div>
    );
  }
  if (integrations.isError) return <ErrorState error={integrations.error} onRetry={() => void integrations.refetch()} />;

  if (integrations.data.length === 0) {
    return (
      <div className="card">
        <EmptyState
          icon={<IntegrationsIcon width={20} height={20} />}
          title="Create your first integration"
          testId="integrations-empty"
          actions={
            <Link className="btn btn-primary" href="/integrations/new">
              <PlusIcon />
              New integration
            </Link>
          }
        >
          An integration is one provider (GitHub, Stripe, HubSpot, Shopify, or any API that signs its webhooks) set up in this environment.
          Switchboard gives it a webhook URL to paste into the provider, then verifies every webhook that arrives.
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="card table-wrap">
      <table className="table" data-testid="integrations-table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Provider</th>
            <th scope="col">Webhook URL</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {integrations.data.map((integration) => (
            <tr key={integration.id} data-testid="integration-row" data-key={integration.key}>
              <td className="cell-strong">
                <Link href={`/integrations/${integration.key}`}>{integration.key}</Link>
              </td>
              <td className="cell-nowrap">
                <ProviderName id={integration.provider} name={integration.providerName} />
              </td>
              <td>
                <div className="copy-row">
                  <code className="copy-value copy-value-inline" title={integration.webhookUrl} data-testid="webhook-url">
                    {integration.webhookUrl}
                  </code>
                  <CopyButton value={integration.webhookUrl} what={`webhook URL of ${integration.key}`} testId="webhook-url-copy" />
                </div>
              </td>
              <td className="cell-nowrap muted" title={formatDateTime(integration.createdAt)}>
                {formatRelative(integration.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
