import type { z } from "zod";
import { db } from "../lib/db";
import { encryptJson, randomId } from "../lib/crypto";
import { AppError, isUniqueViolation, notFound } from "../lib/errors";
import { Prisma, type Environment } from "../lib/generated/prisma/client";
import { describeZodError } from "../integrations/integrations.schema";
import { findIntegrationRow } from "../integrations/integrations.repo";
import { disconnectConnection } from "../connect/teardown";
import {
  CONNECTIONS_PAGE_DEFAULT,
  createConnectionInputSchema,
  listConnectionsQuerySchema,
  updateConnectionInputSchema,
  type ConnectionPage,
  type ConnectionView,
  type CreateConnectionInput,
  type EndUser,
  type ListConnectionsQuery,
  type UpdateConnectionInput,
} from "./connections.schema";
import {
  findAttributionClash,
  findConnectionRow,
  listConnectionRows,
  replaceAttributionRows,
  transaction,
  type ConnectionRow,
  type PageCursor,
  type Tx,
} from "./connections.repo";

// Connections of one environment's integrations. Credentials go in encrypted and
// never come back out through a view; attribution keys live in their own table so
// that webhook attribution is one indexed lookup.

function parseInput<S extends z.ZodType>(schema: S, input: unknown, code: "unprocessable" | "bad_request" = "unprocessable"): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError(code, describeZodError(result.error));
  return result.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toEndUser(value: unknown): EndUser | null {
  if (!isPlainObject(value) || typeof value.id !== "string") return null;
  return {
    id: value.id,
    ...(typeof value.email === "string" ? { email: value.email } : {}),
    ...(typeof value.displayName === "string" ? { displayName: value.displayName } : {}),
  };
}

export function toConnectionView(row: ConnectionRow): ConnectionView {
  return {
    id: row.id,
    connectionId: row.connectionId,
    integrationKey: row.integration.key,
    provider: row.integration.provider,
    endUser: toEndUser(row.endUser),
    metadata: isPlainObject(row.metadata) ? row.metadata : {},
    attribution: Object.fromEntries(row.attributions.map((a) => [a.key, a.value])),
    status: row.status,
    hasCredentials: row.credentialsEnc !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

function decodeCursor(cursor: string): PageCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const date = typeof createdAt === "string" ? new Date(createdAt) : null;
    if (date && !Number.isNaN(date.getTime()) && typeof id === "string" && /^[0-9a-f-]{36}$/.test(id)) return { createdAt: date, id };
  } catch {
    // Falls through to the error below.
  }
  throw new AppError("bad_request", "cursor: is not a cursor returned by this API");
}

function attributionEntries(attribution: Record<string, string | number> | undefined): Array<[string, string]> {
  return Object.entries(attribution ?? {}).map(([key, value]) => [key, String(value)]);
}

async function assertNoAttributionClash(tx: Tx, integrationId: string, entries: Array<[string, string]>, exceptConnectionId?: string) {
  const clash = await findAttributionClash(tx, integrationId, entries, exceptConnectionId);
  if (clash) {
    throw new AppError(
      "conflict",
      `attribution.${clash.key}: value "${clash.value}" already belongs to connection "${clash.connectionId}" of this integration`,
    );
  }
}

/** A unique violation that slipped past the pre-checks (two writers at once). */
function conflictFrom(error: unknown, message: string): never {
  if (isUniqueViolation(error)) throw new AppError("conflict", message);
  throw error;
}

export async function listConnections(environment: Environment, query: ListConnectionsQuery = {}): Promise<ConnectionPage> {
  const { integrationKey, search, cursor, limit = CONNECTIONS_PAGE_DEFAULT } = parseInput(listConnectionsQuerySchema, query, "bad_request");
  const rows = await listConnectionRows(environment.id, {
    integrationKey,
    search: search?.trim() || undefined,
    after: cursor ? decodeCursor(cursor) : undefined,
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map(toConnectionView),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

export async function getConnection(environment: Environment, integrationKey: string, connectionId: string): Promise<ConnectionView> {
  const row = await findConnectionRow(db(), environment.id, integrationKey, connectionId);
  if (!row) throw notFound(`Connection "${connectionId}" of integration "${integrationKey}"`);
  return toConnectionView(row);
}

export async function createConnection(environment: Environment, input: CreateConnectionInput): Promise<ConnectionView> {
  const data = parseInput(createConnectionInputSchema, input);
  const connectionId = data.connectionId ?? `conn_${randomId(20)}`;
  const entries = attributionEntries(data.attribution);
  return transaction(async (tx) => {
    const integration = await findIntegrationRow(environment.id, data.integrationKey, tx);
    if (!integration) throw notFound(`Integration "${data.integrationKey}"`);
    await assertNoAttributionClash(tx, integration.id, entries);
    const created = await tx.connection
      .create({
        data: {
          environmentId: environment.id,
          integrationId: integration.id,
          connectionId,
          endUser: data.endUser ?? Prisma.DbNull,
          credentialsEnc: data.credentials ? encryptJson(data.credentials) : null,
          metadata: (data.metadata ?? {}) as Prisma.InputJsonObject,
        },
      })
      .catch((error: unknown) =>
        conflictFrom(error, `connectionId: "${connectionId}" already exists for integration "${data.integrationKey}"`),
      );
    await replaceAttributionRows(tx, created, entries).catch((error: unknown) =>
      conflictFrom(error, "attribution: a value already belongs to another connection of this integration"),
    );
    const row = await findConnectionRow(tx, environment.id, data.integrationKey, connectionId);
    return toConnectionView(row!);
  });
}

/** Omitted fields stay; null clears endUser or credentials; metadata and attribution are replaced as a whole. */
export async function updateConnection(
  environment: Environment,
  integrationKey: string,
  connectionId: string,
  patch: UpdateConnectionInput,
): Promise<ConnectionView> {
  const data = parseInput(updateConnectionInputSchema, patch);
  return transaction(async (tx) => {
    const existing = await findConnectionRow(tx, environment.id, integrationKey, connectionId);
    if (!existing) throw notFound(`Connection "${connectionId}" of integration "${integrationKey}"`);
    if (data.attribution) {
      const entries = attributionEntries(data.attribution);
      await assertNoAttributionClash(tx, existing.integrationId, entries, existing.id);
      await replaceAttributionRows(tx, existing, entries).catch((error: unknown) =>
        conflictFrom(error, "attribution: a value already belongs to another connection of this integration"),
      );
    }
    await tx.connection.update({
      where: { id: existing.id },
      data: {
        endUser: data.endUser === undefined ? undefined : (data.endUser ?? Prisma.DbNull),
        credentialsEnc: data.credentials === undefined ? undefined : data.credentials && encryptJson(data.credentials),
        metadata: data.metadata as Prisma.InputJsonObject | undefined,
        // Attribution lives in another table; the connection still counts as changed.
        updatedAt: new Date(),
      },
    });
    const row = await findConnectionRow(tx, environment.id, integrationKey, connectionId);
    return toConnectionView(row!);
  });
}

export async function deleteConnection(environment: Environment, integrationKey: string, connectionId: string): Promise<void> {
  // Unsubscribes the provider's webhooks and revokes tokens while the credentials still exist, then deletes and notifies.
  const existing = await findConnectionRow(db(), environment.id, integrationKey, connectionId);
  const deleted = existing ? await disconnectConnection(environment, existing) : false;
  if (!deleted) throw notFound(`Connection "${connectionId}" of integration "${integrationKey}"`);
}
