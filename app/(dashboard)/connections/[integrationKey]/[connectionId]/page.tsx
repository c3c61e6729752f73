import type { Metadata } from "next";
import { ConnectionDetail } from "@/app/_connections/connection-detail";

type Params = Promise<{ integrationKey: string; connectionId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { connectionId } = await params;
  return { title: `${decodeURIComponent(connectionId)} · Connections · Switchboard` };
}

export default async function ConnectionPage({ params }: { params: Params }) {
  const { integrationKey, connectionId } = await params;
  return <ConnectionDetail integrationKey={decodeURIComponent(integrationKey)} connectionId={decodeURIComponent(connectionId)} />;
}
