"use client";

import { useEnvironment } from "@/app/_trpc/api-provider";

/** Changes in production affect live traffic; say so wherever the user is. */
export function ProductionBanner() {
  const { environment } = useEnvironment();
  if (environment !== "prod") return null;
  return (
    <div className="env-banner" role="note">
      <span className="env-dot env-dot-prod" aria-hidden="true" />
      You are viewing the <strong>prod</strong> environment. Changes here affect live webhooks.
    </div>
  );
}
