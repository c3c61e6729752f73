import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/page-header";
import { LogsView } from "@/app/_webhooks/logs-view";
import { parseFilters } from "@/app/_webhooks/filters";

export const metadata: Metadata = { title: "Logs · Switchboard" };

export default async function LogsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const initial = parseFilters(await searchParams);
  return (
    <>
      <PageHeader title="Logs" description="Every webhook received in this environment, and what happened to it, step by step." />
      <LogsView initial={initial} />
    </>
  );
}
