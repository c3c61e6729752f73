import type { Metadata } from "next";
import { RunLogView } from "@/app/_pipelines/run-log";

export const metadata: Metadata = { title: "Pipeline run · Logs · Switchboard" };

export default async function PipelineRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunLogView id={decodeURIComponent(id)} />;
}
