import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/app/_components/page-header";
import { PlusIcon } from "@/app/_components/icons";
import { IntegrationsList } from "@/app/_integrations/integrations-list";

export const metadata: Metadata = { title: "Integrations · Switchboard" };

export default function IntegrationsPage() {
  return (
    <>
      <PageHeader
        title="Integrations"
        description="The providers whose webhooks this environment receives. Each has its own webhook URL and secrets."
        actions={
          <Link className="btn btn-primary" href="/integrations/new" data-testid="new-integration">
            <PlusIcon />
            New integration
          </Link>
        }
      />
      <IntegrationsList />
    </>
  );
}
