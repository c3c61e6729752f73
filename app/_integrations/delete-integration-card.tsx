"use client";

import { useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { ConnectionPage } from "@/app/_connections/types";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/app/_trpc/trpc";
import { ConfirmButton } from "@/app/_components/confirm-button";

export function DeleteIntegrationCard({ integrationKey }: { integrationKey: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.integrations.delete.mutationOptions());

  const confirm = async () => {
    await remove.mutateAsync({ key: integrationKey });
    queryClient.removeQueries({ queryKey: trpc.integrations.get.queryKey({ key: integrationKey }) });
    // The list is not on screen, so invalidating only marks it stale: drop the row now so
    // that the list never shows it again while it refetches.
    queryClient.setQueryData(trpc.integrations.list.queryKey(), (list) => list?.filter((entry) => entry.key !== integrationKey));
    await queryClient.invalidateQueries({ queryKey: trpc.integrations.list.queryKey() });
    // Its connections went with it.
    queryClient.setQueriesData<InfiniteData<ConnectionPage>>({ queryKey: trpc.connections.list.pathKey() }, (data) =>
      data?.pages
        ? {
            ...data,
            pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.integrationKey !== integrationKey) })),
          }
        : data,
    );
    await queryClient.invalidateQueries({ queryKey: trpc.connections.list.pathKey() });
    router.push("/integrations");
  };

  return (
    <section className="card danger-card" aria-labelledby="delete-heading">
      <div className="card-section card-header">
        <div>
          <h2 id="delete-heading">Delete integration</h2>
          <p>Removes the integration and all its connections. Webhooks sent to its URL are refused from then on.</p>
        </div>
        <ConfirmButton
          label="Delete integration"
          title={`Delete the integration "${integrationKey}"?`}
          description="Its connections are deleted with it, and webhooks sent to its URL are refused. This cannot be undone."
          confirmLabel="Delete integration"
          pendingLabel="Deleting…"
          onConfirm={confirm}
          testId="delete-integration"
        />
      </div>
    </section>
  );
}
