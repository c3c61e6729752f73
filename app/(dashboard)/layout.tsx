import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { ApiProvider } from "@/app/_trpc/api-provider";
import { DashboardShell } from "@/app/_shell/dashboard-shell";
import { currentUser } from "@/app/_lib/session";
import { listEnvironments } from "@/server/environments/environments.service";
import { DEFAULT_ENVIRONMENT, ENVIRONMENT_COOKIE } from "@/server/api/constants";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const names = (await listEnvironments(user.accountId)).map((environment) => environment.name);
  // The remembered choice only counts if this account has such an environment.
  const remembered = (await cookies()).get(ENVIRONMENT_COOKIE)?.value;
  const environment = remembered && names.includes(remembered) ? remembered : (names[0] ?? DEFAULT_ENVIRONMENT);
  return (
    <ApiProvider initialEnvironment={environment} redirectOnUnauthorized>
      <DashboardShell email={user.email} environments={names}>
        {children}
      </DashboardShell>
    </ApiProvider>
  );
}
