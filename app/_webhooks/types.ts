import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;

export type WebhookSummary = Outputs["webhooks"]["list"]["items"][number];
export type WebhookDetail = Outputs["webhooks"]["get"];
export type WebhookEvent = WebhookDetail["events"][number];
export type Delivery = WebhookDetail["deliveries"][number];
export type Rejection = Outputs["webhooks"]["rejections"]["items"][number];
export type LogOperation = Outputs["webhooks"]["logTree"][number];

export function webhookHref(id: string): string {
  return `/logs/webhooks/${encodeURIComponent(id)}`;
}

export function runHref(id: string): string {
  return `/logs/runs/${encodeURIComponent(id)}`;
}

export function connectionHref(integrationKey: string, connectionId: string): string {
  return `/connections/${encodeURIComponent(integrationKey)}/${encodeURIComponent(connectionId)}`;
}
