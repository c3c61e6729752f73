"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { SecretValue } from "@/app/_components/secret-value";

export function ApiKeySection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const options = trpc.environments.revealSecretKey.queryOptions(undefined, { enabled: revealed, staleTime: Infinity, gcTime: 0 });
  const secret = useQuery(options);

  const hide = () => {
    setRevealed(false);
    queryClient.removeQueries({ queryKey: options.queryKey });
  };

  return (
    <section className="card" aria-labelledby="api-key-heading">
      <div className="card-section">
        <div>
          <h2 id="api-key-heading">Secret API key</h2>
          <p className="muted">
            Your backend calls the REST API with this key in an <code>Authorization: Bearer</code> header. Keep it on the server; anyone
            holding it can manage this environment&apos;s connections.
          </p>
        </div>
        <SecretValue
          what="secret API key"
          value={secret.data?.secretKey}
          revealed={revealed}
          loading={secret.isFetching}
          error={secret.error}
          onReveal={() => (revealed ? void secret.refetch() : setRevealed(true))}
          onHide={hide}
          testId="secret-key"
        />
      </div>
    </section>
  );
}
