import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/app/_components/page-header";
import { EmptyState } from "@/app/_components/empty-state";
import { SyncsIcon } from "@/app/_components/icons";

export const metadata: Metadata = { title: "Syncs · Switchboard" };

export default function SyncsPage() {
  return (
    <>
      <PageHeader title="Syncs" description="Records from your customers' accounts, kept current for each connection." />
      <div className="card">
        <EmptyState
          icon={<SyncsIcon width={20} height={20} />}
          title="Syncs are not available yet"
          testId="syncs-empty"
          actions={
            <Link className="btn" href="/connections">
              View connections
            </Link>
          }
        >
          A sync will keep a cache of each connection&apos;s records (contacts, orders, issues…), fed by scheduled polling and by webhooks,
          and tell your app only when something actually changed. Until then, webhooks reach you as forwarded events.
        </EmptyState>
      </div>
    </>
  );
}
