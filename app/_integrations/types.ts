import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;

export type Integration = Outputs["integrations"]["get"];
export type ProviderEntry = Outputs["providers"]["list"][number];
