import type { Metadata } from "next";
import { IntegrationDetail } from "@/app/_integrations/integration-detail";

export async function generateMetadata({ params }: { params: Promise<{ key: string }> }): Promise<Metadata> {
  const { key } = await params;
  return { title: `${decodeURIComponent(key)} · Integrations · Switchboard` };
}

export default async function IntegrationPage({
  params,
  searchParams,
}: {
  params: Promise<{ key: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  const { key } = await params;
  const { created } = await searchParams;
  return <IntegrationDetail integrationKey={decodeURIComponent(key)} created={created === "1"} />;
}
