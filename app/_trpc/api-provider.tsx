"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createContext, use, useCallback, useMemo, useState, type ReactNode } from "react";
import type { AppRouter } from "@/server/api/root";
import { ENVIRONMENT_COOKIE, ENVIRONMENT_HEADER } from "@/server/api/constants";
import { TRPCProvider } from "./trpc";
import { errorCode } from "./errors";

interface EnvironmentState {
  environment: string;
  setEnvironment: (name: string) => void;
}

const EnvironmentContext = createContext<EnvironmentState | null>(null);

export function useEnvironment(): EnvironmentState {
  const state = use(EnvironmentContext);
  if (!state) throw new Error("useEnvironment must be used inside ApiProvider");
  return state;
}

function isClientError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && code !== "INTERNAL_SERVER_ERROR" && code !== "SERVICE_UNAVAILABLE";
}

function makeQueryClient(onUnauthorized: (() => void) | undefined): QueryClient {
  const handle = (error: unknown) => {
    if (onUnauthorized && errorCode(error) === "UNAUTHORIZED") onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: handle }),
    mutationCache: new MutationCache({ onError: handle }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A 4xx will not get better by asking again.
        retry: (failures, error) => failures < 2 && !isClientError(error),
      },
    },
  });
}

function goToLogIn(): void {
  window.location.assign("/login");
}

/** The environment requests are sent for; read by the link when each request leaves. */
class EnvironmentSelection {
  constructor(private name: string) {}
  get(): string {
    return this.name;
  }
  set(name: string): void {
    this.name = name;
  }
}

function createApi(initialEnvironment: string, redirectOnUnauthorized: boolean) {
  const selection = new EnvironmentSelection(initialEnvironment);
  const queryClient = makeQueryClient(redirectOnUnauthorized ? goToLogIn : undefined);
  const trpcClient = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: "/api/trpc", headers: () => ({ [ENVIRONMENT_HEADER]: selection.get() }) })],
  });
  return { selection, queryClient, trpcClient };
}

export function ApiProvider({
  initialEnvironment,
  redirectOnUnauthorized = false,
  children,
}: {
  initialEnvironment: string;
  /** In the dashboard, an expired or revoked session sends the user back to log in. */
  redirectOnUnauthorized?: boolean;
  children: ReactNode;
}) {
  const [environment, setEnvironmentState] = useState(initialEnvironment);
  const [{ selection, queryClient, trpcClient }] = useState(() => createApi(initialEnvironment, redirectOnUnauthorized));

  const setEnvironment = useCallback(
    (name: string) => {
      // The selection changes before the state, so that queries keyed with the new
      // environment are always sent with the new header.
      selection.set(name);
      document.cookie = `${ENVIRONMENT_COOKIE}=${encodeURIComponent(name)}; Path=/; Max-Age=${365 * 24 * 3600}; SameSite=Lax`;
      setEnvironmentState(name);
    },
    [selection],
  );

  const state = useMemo(() => ({ environment, setEnvironment }), [environment, setEnvironment]);

  return (
    <EnvironmentContext value={state}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient} keyPrefix={environment}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </EnvironmentContext>
  );
}
