import Link from "next/link";
import type { ReactNode } from "react";
import { EmptyState } from "@/app/_components/empty-state";
import { IntegrationsIcon, PlusIcon } from "@/app/_components/icons";

/** Shown by views that need an integration before they can show anything; children say why. */
export function NoIntegrations({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div className="card">
      <EmptyState
        icon={<IntegrationsIcon width={20} height={20} />}
        title="Create an integration first"
        testId={testId}
        actions={
          <Link className="btn btn-primary" href="/integrations/new">
            <PlusIcon />
            New integration
          </Link>
        }
      >
        {children}
      </EmptyState>
    </div>
  );
}
