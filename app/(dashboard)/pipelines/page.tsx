import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/app/_components/page-header";
import { EmptyState } from "@/app/_components/empty-state";
import { PipelinesIcon } from "@/app/_components/icons";

export const metadata: Metadata = { title: "Pipelines · Switchboard" };

export default function PipelinesPage() {
  return (
    <>
      <PageHeader title="Pipelines" description="What happens to each event after Switchboard has verified and attributed it." />
      <div className="card">
        <EmptyState
          icon={<PipelinesIcon width={20} height={20} />}
          title="Every event is forwarded, signed"
          testId="pipelines-empty"
          actions={
            <Link className="btn btn-primary" href="/settings#forwarding">
              Set your forward URL
            </Link>
          }
        >
          Today every event is forwarded to your forward URL, signed with your environment&apos;s signing secret. The visual pipeline editor
          will let you filter, debounce and transform events per integration, and run your own TypeScript on them.
        </EmptyState>
      </div>
    </>
  );
}
