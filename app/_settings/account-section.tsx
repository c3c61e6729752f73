"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/trpc";
import { LogOutButton } from "@/app/_shell/log-out-button";

export function AccountSection() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  return (
    <section className="card" aria-labelledby="account-heading">
      <div className="card-section">
        <div className="card-header">
          <div>
            <h2 id="account-heading">Account</h2>
            <p>
              Signed in as <strong>{me.data?.email ?? "…"}</strong>
            </p>
          </div>
          <LogOutButton />
        </div>
      </div>
    </section>
  );
}
