"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { errorCode } from "@/app/_trpc/errors";
import { PageHeader } from "@/app/_components/page-header";
import { ConnectButton } from "@/app/_connections/connect-button";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { EmptyState } from "@/app/_components/empty-state";
import { ProviderName } from "@/app/_components/provider-mark";
import { WebhookCard } from "./webhook-card";
import { EditIntegrationForm } from "./edit-integration-form";
import { DeleteIntegrationCard } from "./delete-integration-card";
import { RecentWebhooksCard } from "@/app/_webhooks/recent-webhooks-card";

const breadcrumb = <Link href="/integrations">Integrations</Link>;

export function IntegrationDetail({ integrationKey, created }: { integrationKey: string; created: boolean }) {
  const trpc = useTRPC();
  const integration = useQuery(trpc.integrations.get.queryOptions({ key: integrationKey }));
  const providers = useQuery(trpc.providers.list.queryOptions(undefined, { staleTime: Infinity }));
  const [saved, setSaved] = useState(false);

  if (integration.isPending) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title={integrationKey} />
        <div className="card">
          <SkeletonRows rows={4} label="Loading integration…" />
        </div>
      </>
    );
  }

  if (integration.isError) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title={integrationKey} />
        {errorCode(integration.error) === "NOT_FOUND" ? (
          <div className="card">
            <EmptyState
              title="Integration not found"
              actions={
                <Link className="btn" href="/integrations">
                  Back to integrations
                </Link>
              }
            >
              There is no integration &ldquo;{integrationKey}&rdquo; in this environment. It may have been deleted, or it belongs to another
              environment.
            </EmptyState>
          </div>
        ) : (
          <ErrorState error={integration.error} onRetry={() => void integration.refetch()} />
        )}
      </>
    );
  }

  const data = integration.data;
  const provider = providers.data?.find((entry) => entry.id === data.provider);
  // The hosted connect flow needs an auth mode: the provider's, or for the custom provider its settings'.
  const canConnect =
    data.provider === "custom" ? (data.settings.authMode ?? "none") !== "none" : provider !== undefined && provider.authMode !== "none";

  return (
    <>
      <PageHeader
        breadcrumb={breadcrumb}
        title={<span data-testid="integration-key">{data.key}</span>}
        description={<ProviderName id={data.provider} name={data.providerName} />}
        actions={
          <>
            <Link className="btn" href={`/connections?integration=${encodeURIComponent(data.key)}`}>
              View connections
            </Link>
            {canConnect ? <ConnectButton integrationKey={data.key} label="Connect an account" /> : null}
          </>
        }
      />
      {created ? (
        <div className="alert alert-success" role="status">
          Integration created. Register the webhook URL below with {data.providerName} to start receiving webhooks.
        </div>
      ) : null}
      <WebhookCard integration={data} provider={provider} />
      <RecentWebhooksCard integrationKey={data.key} providerName={data.providerName} />
      {saved ? (
        <div className="alert alert-success" role="status">
          Changes saved.
        </div>
      ) : null}
      <EditIntegrationForm key={data.updatedAt} integration={data} provider={provider} onSaved={() => setSaved(true)} />
      <DeleteIntegrationCard integrationKey={data.key} />
    </>
  );
}
