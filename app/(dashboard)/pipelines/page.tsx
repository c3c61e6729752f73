import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/page-header";
import { PipelinesList } from "@/app/_pipelines/pipelines-list";

export const metadata: Metadata = { title: "Pipelines · Switchboard" };

export default function PipelinesPage() {
  return (
    <>
      <PageHeader
        title="Pipelines"
        description="What happens to each event after Switchboard has verified and attributed it: filter, debounce, run your TypeScript, forward or sync."
      />
      <PipelinesList />
    </>
  );
}
