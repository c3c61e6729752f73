import { z } from "zod";
import { integrationKeySchema } from "../integrations/integrations.schema";

// Shapes of connections as the UI and the REST API see them. Imported by client
// code too, so nothing here may import server-only modules.

export const connectionIdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@+|-]*$/, "must start with a letter or digit and contain only letters, digits and . _ : @ + | -")
  .meta({ description: "The id your app knows this connection by; unique per integration.", example: "user-42" });

export const endUserSchema = z
  .strictObject({
    id: z.string().min(1, "must not be empty").max(255, "must be at most 255 characters"),
    email: z.email("must be an email address").max(320).optional(),
    displayName: z.string().max(255, "must be at most 255 characters").optional(),
  })
  .meta({ id: "EndUser" });

export type EndUser = z.output<typeof endUserSchema>;

const attributionKeySchema = z
  .string()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "must be letters, digits and _ . : -");

const attributionValueSchema = z.union([z.string().min(1, "must not be empty").max(500, "must be at most 500 characters"), z.number()], {
  error: "must be a string or a number",
});

/**
 * Provider account identifiers that webhooks carry (e.g. HubSpot portalId, Shopify shop):
 * an event whose attribution matches is routed to this connection. Values are stored as strings.
 */
export const attributionInputSchema = z
  .record(attributionKeySchema, attributionValueSchema)
  .refine((record) => Object.keys(record).length <= 50, "must have at most 50 keys")
  .meta({ example: { portalId: 123456 } });

const jsonObject = z.record(z.string(), z.unknown());

export const createConnectionInputSchema = z
  .strictObject({
    integrationKey: integrationKeySchema,
    connectionId: connectionIdSchema.optional().meta({ description: 'Generated ("conn_…") when omitted.' }),
    endUser: endUserSchema.optional(),
    credentials: jsonObject.optional().meta({ description: "Stored encrypted; never returned." }),
    metadata: jsonObject.optional(),
    attribution: attributionInputSchema.optional(),
  })
  .meta({ id: "CreateConnection" });

/** A patch: omitted fields stay, null clears; attribution and metadata are replaced as a whole. */
export const updateConnectionInputSchema = z
  .strictObject({
    endUser: endUserSchema.nullable().optional(),
    credentials: jsonObject.nullable().optional(),
    metadata: jsonObject.optional(),
    attribution: attributionInputSchema.optional(),
  })
  .meta({ id: "UpdateConnection" });

export type CreateConnectionInput = z.input<typeof createConnectionInputSchema>;
export type UpdateConnectionInput = z.input<typeof updateConnectionInputSchema>;

export const CONNECTIONS_PAGE_MAX = 100;
export const CONNECTIONS_PAGE_DEFAULT = 50;

export const listConnectionsQuerySchema = z.object({
  integrationKey: integrationKeySchema.optional(),
  search: z.string().max(200, "must be at most 200 characters").optional(),
  cursor: z.string().max(500).optional().meta({ description: "nextCursor of the previous page." }),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(CONNECTIONS_PAGE_MAX, `must be at most ${CONNECTIONS_PAGE_MAX}`)
    .optional(),
});

export type ListConnectionsQuery = z.input<typeof listConnectionsQuerySchema>;

export const connectionStatusSchema = z.enum(["ok", "refresh_failed", "needs_reauth"]);

export const connectionViewSchema = z
  .object({
    id: z.string().meta({ description: "Switchboard's id of the connection." }),
    connectionId: z.string(),
    integrationKey: z.string(),
    provider: z.string(),
    endUser: z.object({ id: z.string(), email: z.string().optional(), displayName: z.string().optional() }).nullable(),
    metadata: z.record(z.string(), z.unknown()),
    attribution: z.record(z.string(), z.string()),
    status: connectionStatusSchema,
    hasCredentials: z.boolean(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Connection" });

export type ConnectionView = z.output<typeof connectionViewSchema>;

export interface ConnectionPage {
  items: ConnectionView[];
  nextCursor: string | null;
}
