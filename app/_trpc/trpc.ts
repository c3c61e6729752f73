"use client";

import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/server/api/root";

// Query keys are prefixed with the selected environment, so switching environments
// switches to a separate slice of the cache (and fetches what is missing).
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter, { keyPrefix: true }>();
