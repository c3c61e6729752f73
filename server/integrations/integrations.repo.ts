import { db } from "../lib/db";
import type { Integration, Prisma } from "../lib/generated/prisma/client";

type Client = Prisma.TransactionClient;

// Queries on integrations. Every lookup is scoped by environment id.

export async function findIntegrationRow(environmentId: string, key: string, client: Client = db()): Promise<Integration | null> {
  return client.integration.findUnique({ where: { environmentId_key: { environmentId, key } } });
}

export async function listIntegrationRows(environmentId: string): Promise<Integration[]> {
  return db().integration.findMany({ where: { environmentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function insertIntegrationRow(data: Prisma.IntegrationUncheckedCreateInput): Promise<Integration> {
  return db().integration.create({ data });
}

/** Null when the integration is gone (deleted concurrently, or of another environment). */
export async function updateIntegrationRow(
  environmentId: string,
  key: string,
  data: Prisma.IntegrationUpdateManyMutationInput,
): Promise<Integration | null> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.integration.updateMany({ where: { environmentId, key }, data });
    if (count === 0) return null;
    return tx.integration.findUnique({ where: { environmentId_key: { environmentId, key } } });
  });
}

export async function deleteIntegrationRow(environmentId: string, key: string): Promise<boolean> {
  const { count } = await db().integration.deleteMany({ where: { environmentId, key } });
  return count > 0;
}
