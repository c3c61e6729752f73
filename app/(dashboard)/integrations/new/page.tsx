import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/app/_components/page-header";
import { ProviderMark } from "@/app/_components/provider-mark";
import { providerCatalog } from "@/server/providers/registry";

export const metadata: Metadata = { title: "New integration · Switchboard" };

export default function NewIntegrationPage() {
  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/integrations">Integrations</Link>}
        title="New integration"
        description="Choose the provider whose webhooks you want to receive. Custom API covers any provider that signs its webhooks with an HMAC."
      />
      <ul className="catalog" role="list" data-testid="provider-catalog" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {providerCatalog.map((provider) => (
          <li key={provider.id}>
            <Link className="catalog-card" href={`/integrations/new/${provider.id}`} data-testid={`provider-${provider.id}`}>
              <ProviderMark id={provider.id} name={provider.name} />
              <span className="catalog-card-name">{provider.name}</span>
              <span className="catalog-card-description">{provider.description}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
