import { z } from "zod";
import { customSettingsSchema } from "../providers/custom.schema";
import { providerIds, type ProviderId } from "../providers/types";

// Shapes of integrations as the UI and the REST API see them. Imported by client
// code too, so nothing here may import server-only modules.

export const integrationKeySchema = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9-]+$/, "must be lowercase letters, digits and dashes")
  .meta({ description: "Unique per environment; part of the webhook URL.", example: "hubspot-prod" });

export const providerIdSchema = z.enum(providerIds, { error: () => `must be one of: ${providerIds.join(", ")}` });

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" });

const secretSchema = z.string().min(1, "must not be empty").max(4096, "must be at most 4096 characters");

/** Accepted by every provider: point it at another host (tests, self-hosted instances) and cap webhook size. */
export const commonSettingsSchema = z.looseObject({
  apiBaseUrl: httpUrl.optional(),
  authorizationUrl: httpUrl.optional(),
  tokenUrl: httpUrl.optional(),
  maxBodyBytes: z
    .int("must be a whole number")
    .min(1024, "must be at least 1024")
    .max(25 * 1024 * 1024, "must be at most 26214400")
    .optional(),
  ordered: z
    .boolean("must be true or false")
    .optional()
    .meta({ description: "Run each connection's pipeline runs one at a time, in arrival order (default off, for throughput)." }),
});

export type CommonSettings = z.output<typeof commonSettingsSchema>;

type SettingsParse = { success: true; data: Record<string, unknown> } | { success: false; error: z.ZodError };

/**
 * Settings as the provider reads them: the overrides every provider accepts, and for the
 * custom provider its configuration, checked with the adapter's own schema so that what
 * is accepted here is what the webhook path can use. The custom result keeps its
 * normalisation (defaults filled in, header names lowercased).
 */
export function parseIntegrationSettings(provider: ProviderId, settings: unknown): SettingsParse {
  const common = commonSettingsSchema.safeParse(settings);
  if (!common.success || provider !== "custom") return common;
  return customSettingsSchema.safeParse(settings);
}

export type SettingsValidation = { ok: true; settings: Record<string, unknown> } | { ok: false; message: string };

/** Checks settings against the provider's shape; the message names the failing field (e.g. "settings.signature.header: …"). */
export function validateIntegrationSettings(provider: ProviderId, settings: Record<string, unknown>): SettingsValidation {
  const result = parseIntegrationSettings(provider, settings);
  return result.success ? { ok: true, settings: result.data } : { ok: false, message: describeZodError(result.error, ["settings"]) };
}

export const integrationSettingsInputSchema = z.record(z.string(), z.unknown()).meta({
  description:
    "Provider settings. Every provider accepts apiBaseUrl, authorizationUrl, tokenUrl, maxBodyBytes and ordered; the custom provider is configured here.",
});

export const createIntegrationInputSchema = z
  .strictObject({
    key: integrationKeySchema,
    provider: providerIdSchema,
    clientId: z.string().min(1, "must not be empty").max(1000, "must be at most 1000 characters").optional(),
    clientSecret: secretSchema.optional(),
    webhookSecret: secretSchema.optional(),
    scopes: z.array(z.string().min(1, "must not be empty").max(200)).max(200).optional(),
    settings: integrationSettingsInputSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (!input.settings) return;
    const result = parseIntegrationSettings(input.provider, input.settings);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: ["settings", ...issue.path] });
    }
  })
  .meta({ id: "CreateIntegration" });

/** A patch: omitted fields stay, null clears, settings and scopes are replaced as a whole. */
export const updateIntegrationInputSchema = z
  .strictObject({
    clientId: z.string().min(1, "must not be empty").max(1000, "must be at most 1000 characters").nullable().optional(),
    clientSecret: secretSchema.nullable().optional(),
    webhookSecret: secretSchema.nullable().optional(),
    scopes: z.array(z.string().min(1, "must not be empty").max(200)).max(200).optional(),
    settings: integrationSettingsInputSchema.optional(),
  })
  .meta({ id: "UpdateIntegration" });

export type CreateIntegrationInput = z.input<typeof createIntegrationInputSchema>;
export type UpdateIntegrationInput = z.input<typeof updateIntegrationInputSchema>;

export const integrationViewSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    provider: z.string(),
    providerName: z.string(),
    clientId: z.string().nullable(),
    hasClientSecret: z.boolean(),
    hasWebhookSecret: z.boolean(),
    scopes: z.array(z.string()),
    settings: z.record(z.string(), z.unknown()),
    webhookUrl: z.string().meta({ description: "Where the provider sends this integration's webhooks." }),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Integration" });

export type IntegrationView = z.output<typeof integrationViewSchema>;

/** One line naming the first failing field, e.g. "key: must be lowercase letters, digits and dashes". */
export function describeZodError(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid input";
  if (issue.code === "unrecognized_keys") {
    const path = [...prefix, ...issue.path, issue.keys[0] ?? ""].map(String).join(".");
    return `${path}: unknown field`;
  }
  // A record key that fails its own schema: the key's message says what is wrong with it.
  const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  const path = [...prefix, ...issue.path].map(String).join(".");
  return path ? `${path}: ${message}` : message;
}
