"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_trpc/trpc";
import { CodeBlock } from "@/app/_components/code-block";

/** A ready-to-run request that imports a connection, with this environment's URL and an integration of it. */
export function ImportExample({ integrationKey, attributionKey }: { integrationKey: string; attributionKey: string | undefined }) {
  const trpc = useTRPC();
  const environment = useQuery(trpc.environments.current.queryOptions());
  const apiBaseUrl = environment.data?.apiBaseUrl ?? "https://<your Switchboard host>/api/v1";
  const body = {
    integrationKey,
    connectionId: "user-42",
    endUser: { id: "user-42", email: "ada@example.com" },
    ...(attributionKey ? { attribution: { [attributionKey]: "123456" } } : {}),
  };
  const code = [
    `curl -X POST ${apiBaseUrl}/connections \\`,
    `  -H "Authorization: Bearer $SWITCHBOARD_SECRET_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${JSON.stringify(body, null, 2).replace(/\n/g, "\n  ")}'`,
  ].join("\n");
  return (
    <>
      <CodeBlock code={code} what="curl example" testId="connections-curl" />
      <p className="field-hint">
        <code>$SWITCHBOARD_SECRET_KEY</code> is this environment&apos;s secret API key, in <Link href="/settings">Settings</Link>.
        {attributionKey ? (
          <>
            {" "}
            The attribution key <code>{attributionKey}</code> is how Switchboard matches incoming webhooks to this connection.
          </>
        ) : null}
      </p>
    </>
  );
}
