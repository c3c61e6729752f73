"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/trpc";
import { useEnvironment } from "@/app/_trpc/api-provider";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { EnvironmentSection } from "./environment-section";
import { ApiKeySection } from "./api-key-section";
import { ForwardingSection } from "./forwarding-section";
import { SessionsSection } from "./sessions-section";
import { AccountSection } from "./account-section";

export function SettingsView() {
  const trpc = useTRPC();
  const { environment: selected } = useEnvironment();
  const environment = useQuery(trpc.environments.current.queryOptions());

  return (
    <>
      {environment.isPending ? (
        <div className="card">
          <SkeletonRows rows={4} />
        </div>
      ) : environment.isError ? (
        <ErrorState error={environment.error} onRetry={() => void environment.refetch()} />
      ) : (
        <>
          <EnvironmentSection environment={environment.data} />
          {/* Keyed by environment: secrets and the form start over when the environment changes. */}
          <ApiKeySection key={`key-${selected}`} />
          <ForwardingSection key={`forwarding-${selected}`} environment={environment.data} />
        </>
      )}
      <SessionsSection />
      <AccountSection />
    </>
  );
}
