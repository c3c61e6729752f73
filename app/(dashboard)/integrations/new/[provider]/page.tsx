import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/app/_components/page-header";
import { CreateIntegrationForm } from "@/app/_integrations/create-integration-form";
import { providerCatalog } from "@/server/providers/registry";

export const metadata: Metadata = { title: "New integration · Switchboard" };

export default async function NewProviderIntegrationPage({ params }: { params: Promise<{ provider: string }> }) {
  const { provider: id } = await params;
  const provider = providerCatalog.find((entry) => entry.id === id);
  if (!provider) notFound();
  return (
    <div className="stack narrow">
      <PageHeader
        breadcrumb={
          <>
            <Link href="/integrations">Integrations</Link> / <Link href="/integrations/new">New integration</Link>
          </>
        }
        title={`New ${provider.name} integration`}
        description={provider.description}
      />
      <CreateIntegrationForm provider={provider} />
    </div>
  );
}
