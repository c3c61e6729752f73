import type { ReactNode } from "react";
import Link from "next/link";
import { Brand } from "@/app/_components/brand";
import { EnvironmentSwitcher } from "./environment-switcher";
import { MainNav } from "./main-nav";
import { LogOutButton } from "./log-out-button";
import { ProductionBanner } from "./production-banner";

export function DashboardShell({ email, environments, children }: { email: string; environments: string[]; children: ReactNode }) {
  return (
    <div className="shell">
      <aside className="sidebar">
        <Link href="/integrations" aria-label="Switchboard home">
          <Brand />
        </Link>
        <EnvironmentSwitcher environments={environments} />
        <MainNav />
        <div className="sidebar-footer">
          <span className="sidebar-email" title={email} data-testid="signed-in-email">
            {email}
          </span>
          <LogOutButton className="btn btn-sm" />
        </div>
      </aside>
      <main className="main">
        <div className="content">
          <ProductionBanner />
          {children}
        </div>
      </main>
    </div>
  );
}
