import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/page-header";
import { ConnectionsView } from "@/app/_connections/connections-view";
import { ConnectButton } from "@/app/_connections/connect-button";

export const metadata: Metadata = { title: "Connections · Switchboard" };

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<{ integration?: string | string[] }> }) {
  const { integration } = await searchParams;
  return (
    <>
      <PageHeader
        title="Connections"
        description="Your users' accounts on each integration. Incoming webhooks are matched to them by their attribution keys."
        actions={<ConnectButton label="Connect an account" />}
      />
      <ConnectionsView initialIntegration={typeof integration === "string" ? integration : ""} />
    </>
  );
}
