import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/app/_components/page-header";
import { EmptyState } from "@/app/_components/empty-state";
import { LogsIcon } from "@/app/_components/icons";

export const metadata: Metadata = { title: "Logs · Switchboard" };

export default function LogsPage() {
  return (
    <>
      <PageHeader title="Logs" description="What happened to every webhook, step by step." />
      <div className="card">
        <EmptyState
          icon={<LogsIcon width={20} height={20} />}
          title="Logs are coming"
          testId="logs-empty"
          actions={
            <Link className="btn" href="/integrations">
              View integrations
            </Link>
          }
        >
          Every webhook, forward and connection will be logged here: headers and body, signature check, which connection it was attributed
          to, and each delivery attempt to your backend. The log explorer is not available in this version yet.
        </EmptyState>
      </div>
    </>
  );
}
