import type { Metadata } from "next";
import { PipelineEditorPage } from "@/app/_pipelines/pipeline-editor";

export async function generateMetadata({ params }: { params: Promise<{ integrationKey: string }> }): Promise<Metadata> {
  const { integrationKey } = await params;
  return { title: `${decodeURIComponent(integrationKey)} · Pipelines · Switchboard` };
}

export default async function PipelinePage({ params }: { params: Promise<{ integrationKey: string }> }) {
  const { integrationKey } = await params;
  return <PipelineEditorPage integrationKey={decodeURIComponent(integrationKey)} />;
}
