"use client";

import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { CopyField } from "@/app/_components/copy-button";

type EnvironmentDto = inferRouterOutputs<AppRouter>["environments"]["current"];

export function EnvironmentSection({ environment }: { environment: EnvironmentDto }) {
  return (
    <section className="card" aria-labelledby="environment-heading">
      <div className="card-section">
        <div className="card-header">
          <div>
            <h2 id="environment-heading">Environment</h2>
            <p>Each environment has its own integrations, connections, keys and forward URL.</p>
          </div>
        </div>
        <dl className="details-list">
          <dt>Name</dt>
          <dd data-testid="environment-name">
            <span className={`badge ${environment.name === "prod" ? "badge-warning" : "badge-success"}`}>{environment.name}</span>
          </dd>
          <dt>Public id</dt>
          <dd>
            <CopyField value={environment.publicId} what="public id" testId="environment-public-id" />
          </dd>
          <dt>Webhook URLs start with</dt>
          <dd>
            <CopyField value={`${environment.webhookBaseUrl}/`} what="webhook base URL" />
          </dd>
          <dt>REST API</dt>
          <dd>
            <CopyField value={environment.apiBaseUrl} what="REST API URL" />
          </dd>
        </dl>
      </div>
    </section>
  );
}
