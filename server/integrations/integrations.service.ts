import type { z } from "zod";
import { encrypt } from "../lib/crypto";
import { AppError, isUniqueViolation, notFound } from "../lib/errors";
import type { Environment, Integration, Prisma } from "../lib/generated/prisma/client";
import { findProvider } from "../providers/registry";
import { isProviderId, type ProviderId } from "../providers/types";
import { notifyIntegrationChanged } from "./integration-events";
import {
  createIntegrationInputSchema,
  describeZodError,
  updateIntegrationInputSchema,
  validateIntegrationSettings,
  type CreateIntegrationInput,
  type IntegrationView,
  type UpdateIntegrationInput,
} from "./integrations.schema";
import {
  deleteIntegrationRow,
  findIntegrationRow,
  insertIntegrationRow,
  listIntegrationRows,
  updateIntegrationRow,
} from "./integrations.repo";

// Integrations of one environment. Callers pass the environment row they already
// resolved (session + selected environment, or the REST secret key), so every query
// is scoped by it; `origin` is the public base URL that webhook URLs are built on.

export function webhookUrlFor(origin: string, environment: Pick<Environment, "publicId">, key: string): string {
  return `${origin.replace(/\/+$/, "")}/webhooks/${environment.publicId}/${key}`;
}

export function toIntegrationView(row: Integration, environment: Pick<Environment, "publicId">, origin: string): IntegrationView {
  return {
    id: row.id,
    key: row.key,
    provider: row.provider,
    // A provider removed from the code base still shows, under its id.
    providerName: findProvider(row.provider)?.name ?? row.provider,
    clientId: row.clientId,
    hasClientSecret: row.clientSecretEnc !== null,
    hasWebhookSecret: row.webhookSecretEnc !== null,
    scopes: row.scopes,
    settings: isPlainObject(row.settings) ? row.settings : {},
    webhookUrl: webhookUrlFor(origin, environment, row.key),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Validates again here, whoever the caller is, so that bad input never reaches the database. */
function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("unprocessable", describeZodError(result.error));
  return result.data;
}

function checkedSettings(provider: ProviderId, settings: Record<string, unknown>): Prisma.InputJsonObject {
  const result = validateIntegrationSettings(provider, settings);
  if (!result.ok) throw new AppError("unprocessable", result.message);
  return result.settings as Prisma.InputJsonObject;
}

export async function listIntegrations(environment: Environment, origin: string): Promise<IntegrationView[]> {
  const rows = await listIntegrationRows(environment.id);
  return rows.map((row) => toIntegrationView(row, environment, origin));
}

export async function getIntegration(environment: Environment, key: string, origin: string): Promise<IntegrationView> {
  const row = await findIntegrationRow(environment.id, key);
  if (!row) throw notFound(`Integration "${key}"`);
  return toIntegrationView(row, environment, origin);
}

export async function createIntegration(environment: Environment, input: CreateIntegrationInput, origin: string): Promise<IntegrationView> {
  const data = parseInput(createIntegrationInputSchema, input);
  let row: Integration;
  try {
    row = await insertIntegrationRow({
      environmentId: environment.id,
      key: data.key,
      provider: data.provider,
      clientId: data.clientId ?? null,
      clientSecretEnc: data.clientSecret ? encrypt(data.clientSecret) : null,
      webhookSecretEnc: data.webhookSecret ? encrypt(data.webhookSecret) : null,
      scopes: data.scopes ?? [],
      settings: checkedSettings(data.provider, data.settings ?? {}),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `An integration with key "${data.key}" already exists`);
    throw error;
  }
  await notifyIntegrationChanged(environment.id, row.key);
  return toIntegrationView(row, environment, origin);
}

/** Omitted fields stay; null clears clientId or a secret; scopes and settings are replaced as a whole. */
export async function updateIntegration(
  environment: Environment,
  key: string,
  patch: UpdateIntegrationInput,
  origin: string,
): Promise<IntegrationView> {
  const data = parseInput(updateIntegrationInputSchema, patch);
  const existing = await findIntegrationRow(environment.id, key);
  if (!existing) throw notFound(`Integration "${key}"`);
  const provider = existing.provider;
  const row = await updateIntegrationRow(environment.id, key, {
    clientId: data.clientId,
    clientSecretEnc: secretUpdate(data.clientSecret),
    webhookSecretEnc: secretUpdate(data.webhookSecret),
    scopes: data.scopes,
    // Settings of a provider removed from the code base are kept as given.
    settings:
      data.settings && isProviderId(provider) ? checkedSettings(provider, data.settings) : (data.settings as Prisma.InputJsonObject),
  });
  if (!row) throw notFound(`Integration "${key}"`);
  await notifyIntegrationChanged(environment.id, key);
  return toIntegrationView(row, environment, origin);
}

function secretUpdate(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  return value === null ? null : encrypt(value);
}

export async function deleteIntegration(environment: Environment, key: string): Promise<void> {
  const deleted = await deleteIntegrationRow(environment.id, key);
  if (!deleted) throw notFound(`Integration "${key}"`);
  await notifyIntegrationChanged(environment.id, key);
}
