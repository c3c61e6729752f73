"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/app/_trpc/trpc";
import { PlusIcon } from "@/app/_components/icons";

// Opens the hosted connect flow in a popup, as the logged-in user, to try an integration.
// The popup is opened on the click itself (popup blockers allow that) and pointed at the
// session's page once it exists.

export function ConnectButton({ integrationKey, label = "Connect" }: { integrationKey?: string; label?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.connections.createConnectSession.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const listener = (event: MessageEvent) => {
      if (event.origin !== window.location.origin) return;
      const data = event.data as { type?: string };
      if (data?.type === "switchboard:connected") void queryClient.invalidateQueries({ queryKey: trpc.connections.list.pathKey() });
    };
    window.addEventListener("message", listener);
    return () => window.removeEventListener("message", listener);
  }, [queryClient, trpc]);

  const open = async () => {
    setError(null);
    const popup = window.open("about:blank", "switchboard-connect", "popup,width=520,height=720");
    try {
      const session = await create.mutateAsync(integrationKey ? { integrationKey } : {});
      if (popup) popup.location.href = session.connectUrl;
      else window.location.assign(session.connectUrl);
    } catch (cause) {
      popup?.close();
      setError(cause instanceof Error ? cause.message : "Could not start connecting");
    }
  };

  return (
    <span style={{ display: "inline-flex", gap: 8, alignItems: "center" }}>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => void open()}
        disabled={create.isPending}
        data-testid="connect-button"
      >
        <PlusIcon />
        {create.isPending ? "Opening…" : label}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
