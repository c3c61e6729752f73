import type { Environment } from "../../lib/generated/prisma/client";
import { revealSigningSecret, updateEnvironment } from "../../environments/environments.service";
import { environmentSettingsSchema, updateEnvironmentInputSchema, type EnvironmentSettings } from "../../environments/environments.schema";
import { defineRoute } from "../route";

function toSettings(environment: Environment): EnvironmentSettings {
  return {
    name: environment.name,
    publicId: environment.publicId,
    forwardUrl: environment.forwardUrl,
    allowPrivateForwardUrls: environment.allowPrivateForwardUrls,
    unattributedPolicy: environment.unattributedPolicy,
    forwardTimeoutMs: environment.forwardTimeoutMs,
  };
}

export const environmentRoutes = [
  defineRoute({
    method: "get",
    path: "/api/v1/environment",
    operationId: "getEnvironment",
    summary: "The environment of the API key",
    tag: "Environment",
    status: 200,
    response: environmentSettingsSchema,
    responseDescription: "The environment's settings",
    handle: ({ environment }) => Promise.resolve(toSettings(environment)),
  }),
  defineRoute({
    method: "patch",
    path: "/api/v1/environment",
    operationId: "updateEnvironment",
    summary: "Change forwarding settings, or rotate the forward signing secret",
    tag: "Environment",
    body: updateEnvironmentInputSchema,
    status: 200,
    response: environmentSettingsSchema,
    responseDescription: "The updated settings; with `forwardSigningSecret` only when it was rotated",
    errors: [400, 413, 415, 422],
    handle: async ({ environment, body }) => {
      const updated = await updateEnvironment(environment.id, body);
      return body.rotateSigningSecret
        ? { ...toSettings(updated), forwardSigningSecret: revealSigningSecret(updated) }
        : toSettings(updated);
    },
  }),
];
