import { z } from "zod";
import {
  listEnvironments,
  revealSecretKey,
  revealSigningSecret,
  toEnvironmentView,
  updateEnvironment,
} from "../../environments/environments.service";
import { updateEnvironmentInputSchema } from "../../environments/environments.schema";
import type { Environment } from "../../lib/generated/prisma/client";
import { authedProcedure, envProcedure, router } from "../trpc";

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
  } catch {
    return false;
  }
}

// An empty field means "no forward URL".
const forwardUrlSchema = z
  .string()
  .trim()
  .max(2000, "The forward URL is too long")
  .transform((value) => value || null)
  .refine((value) => value === null || isHttpUrl(value), "Enter an absolute http(s) URL, e.g. https://api.example.com/webhooks")
  .nullable();

function toView(environment: Environment, origin: string) {
  const view = toEnvironmentView(environment);
  return {
    ...view,
    createdAt: view.createdAt.toISOString(),
    webhookBaseUrl: `${origin}/webhooks/${environment.publicId}`,
    apiBaseUrl: `${origin}/api/v1`,
  };
}

export const environmentsRouter = router({
  list: authedProcedure.query(async ({ ctx }) => {
    const environments = await listEnvironments(ctx.user.accountId);
    return environments.map((environment) => ({ name: environment.name, publicId: environment.publicId }));
  }),

  current: envProcedure.query(({ ctx }) => toView(ctx.environment, ctx.origin)),

  // Secrets are only sent when the user asks to see them, never with the environment view.
  revealSecretKey: envProcedure.query(({ ctx }) => ({ secretKey: revealSecretKey(ctx.environment) })),

  revealSigningSecret: envProcedure.query(({ ctx }) => ({ signingSecret: revealSigningSecret(ctx.environment) })),

  // The forwarding settings, as the REST API takes them, with the form's empty URL field meaning none.
  update: envProcedure
    .input(
      updateEnvironmentInputSchema
        .pick({ allowPrivateForwardUrls: true, unattributedPolicy: true, forwardTimeoutMs: true })
        .extend({ forwardUrl: forwardUrlSchema.optional() }),
    )
    .mutation(async ({ ctx, input }) => {
      const environment = await updateEnvironment(ctx.environment.id, input);
      return toView(environment, ctx.origin);
    }),

  rotateSigningSecret: envProcedure.mutation(async ({ ctx }) => {
    await updateEnvironment(ctx.environment.id, { rotateSigningSecret: true });
    return { ok: true as const };
  }),
});
