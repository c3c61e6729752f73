import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type Connection = inferRouterOutputs<AppRouter>["connections"]["get"];
export type ConnectionPage = inferRouterOutputs<AppRouter>["connections"]["list"];
