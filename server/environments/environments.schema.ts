import { z } from "zod";

// Environment settings as the UI and the REST API see them. Imported by client code
// too, so nothing here may import server-only modules.

export const unattributedPolicySchema = z
  .enum(["forward", "drop"], { error: 'must be "forward" or "drop"' })
  .meta({ description: "What happens to events that match no connection." });

export const FORWARD_TIMEOUT_MIN_MS = 1_000;
export const FORWARD_TIMEOUT_MAX_MS = 60_000;

export const forwardUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
  .max(2048, "must be at most 2048 characters")
  // Zod runs this check even when the URL check failed: a value that is not a URL gets only that message.
  .refine((value) => {
    const url = URL.parse(value);
    return !url || (!url.username && !url.password);
  }, "must not contain credentials");

export const updateEnvironmentInputSchema = z
  .strictObject({
    forwardUrl: forwardUrlSchema.nullable().optional().meta({ description: "null removes it." }),
    allowPrivateForwardUrls: z.boolean({ error: "must be true or false" }).optional(),
    unattributedPolicy: unattributedPolicySchema.optional(),
    forwardTimeoutMs: z
      .int("must be a whole number")
      .min(FORWARD_TIMEOUT_MIN_MS, `must be at least ${FORWARD_TIMEOUT_MIN_MS}`)
      .max(FORWARD_TIMEOUT_MAX_MS, `must be at most ${FORWARD_TIMEOUT_MAX_MS}`)
      .optional(),
    rotateSigningSecret: z
      .literal(true, { error: "must be true when given" })
      .optional()
      .meta({ description: "Replaces the forward signing secret; the response then carries the new one, once." }),
  })
  .meta({ id: "UpdateEnvironment" });

export type UpdateEnvironmentInput = z.input<typeof updateEnvironmentInputSchema>;

export const environmentSettingsSchema = z
  .object({
    name: z.string(),
    publicId: z.string().meta({ description: "Appears in webhook URLs." }),
    forwardUrl: z.string().nullable(),
    allowPrivateForwardUrls: z.boolean(),
    unattributedPolicy: unattributedPolicySchema,
    forwardTimeoutMs: z.int(),
    forwardSigningSecret: z.string().optional().meta({ description: "Only in the response to a rotation." }),
  })
  .meta({ id: "Environment" });

export type EnvironmentSettings = z.output<typeof environmentSettingsSchema>;
