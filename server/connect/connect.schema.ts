import { z } from "zod";
import { endUserSchema } from "../connections/connections.schema";
import { integrationKeySchema } from "../integrations/integrations.schema";

// Shapes of connect sessions for the REST API, tRPC and the hosted page. No server-only imports.

export const CONNECT_SESSION_TTL_MS = 30 * 60_000;

export const createConnectSessionInputSchema = z
  .strictObject({
    endUser: endUserSchema,
    organization: z.strictObject({ id: z.string().min(1).max(255), displayName: z.string().max(255).optional() }).optional(),
    allowedIntegrations: z
      .array(integrationKeySchema)
      .max(100)
      .optional()
      .meta({ description: "Integration keys the end user may connect; all of the environment's when omitted." }),
  })
  .meta({ id: "CreateConnectSession" });

export type CreateConnectSessionInput = z.input<typeof createConnectSessionInputSchema>;

export const connectSessionViewSchema = z
  .object({
    token: z.string().meta({ description: "Hand this to the browser; it is shown once and stored only as a hash." }),
    expiresAt: z.date(),
    connectUrl: z.string().meta({ description: "The hosted connect page for this session (open it full page, in a popup or an iframe)." }),
  })
  .meta({ id: "ConnectSession" });

export type ConnectSessionView = z.output<typeof connectSessionViewSchema>;

/** What the hosted page shows about one integration the end user may connect. */
export interface ConnectOption {
  key: string;
  provider: string;
  providerName: string;
  authMode: "oauth2" | "apiKey" | "basic" | "none";
  /** Inputs asked before authorising (e.g. Shopify's shop subdomain). */
  connectionConfig: Array<{ name: string; label: string; pattern?: string; example?: string }>;
  apiKeyLabel?: string;
  usernameLabel?: string;
  passwordLabel?: string;
}

export interface ConnectPageData {
  endUser: { id: string; email?: string; displayName?: string };
  expiresAt: string;
  integrations: ConnectOption[];
}

export interface ConnectResult {
  connectionId: string;
  integrationKey: string;
}
