import type { Metadata } from "next";
import { WebhookDetailView } from "@/app/_webhooks/webhook-detail";

export const metadata: Metadata = { title: "Webhook · Logs · Switchboard" };

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <WebhookDetailView id={decodeURIComponent(id)} />;
}
