import { db } from "../lib/db";
import { type Prisma } from "../lib/generated/prisma/client";

// Queries on connections and their attribution rows. Every query is scoped by environment id.

export type Tx = Prisma.TransactionClient;

export const connectionInclude = {
  integration: { select: { key: true, provider: true } },
  attributions: { select: { key: true, value: true }, orderBy: { key: "asc" } },
} satisfies Prisma.ConnectionInclude;

export type ConnectionRow = Prisma.ConnectionGetPayload<{ include: typeof connectionInclude }>;

export interface PageCursor {
  createdAt: Date;
  id: string;
}

export interface ConnectionFilter {
  integrationKey?: string;
  search?: string;
  after?: PageCursor;
  take: number;
}

/** Newest first; (createdAt, id) makes the order total, so pages neither skip nor repeat rows. */
export async function listConnectionRows(environmentId: string, filter: ConnectionFilter): Promise<ConnectionRow[]> {
  const and: Prisma.ConnectionWhereInput[] = [];
  if (filter.search) {
    // Prisma passes the text into LIKE as it is; wildcards in a search are literal characters.
    const text = filter.search.replace(/[\\%_]/g, (c) => `\\${c}`);
    const inEndUser = (field: string): Prisma.ConnectionWhereInput => ({
      endUser: { path: [field], string_contains: text, mode: "insensitive" },
    });
    and.push({
      OR: [{ connectionId: { contains: text, mode: "insensitive" } }, inEndUser("id"), inEndUser("email"), inEndUser("displayName")],
    });
  }
  if (filter.after) {
    const { createdAt, id } = filter.after;
    and.push({ OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] });
  }
  return db().connection.findMany({
    where: { environmentId, ...(filter.integrationKey ? { integration: { key: filter.integrationKey } } : {}), AND: and },
    include: connectionInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.take,
  });
}

export async function findConnectionRow(
  client: Tx | Prisma.DefaultPrismaClient,
  environmentId: string,
  integrationKey: string,
  connectionId: string,
): Promise<ConnectionRow | null> {
  return client.connection.findFirst({
    where: { environmentId, connectionId, integration: { environmentId, key: integrationKey } },
    include: connectionInclude,
  });
}

/** Another connection of the integration that already holds one of these attribution values, if any. */
export async function findAttributionClash(
  tx: Tx,
  integrationId: string,
  entries: Array<[key: string, value: string]>,
  exceptConnectionId?: string,
): Promise<{ key: string; value: string; connectionId: string } | null> {
  if (entries.length === 0) return null;
  const clash = await tx.connectionAttribution.findFirst({
    where: {
      integrationId,
      OR: entries.map(([key, value]) => ({ key, value })),
      ...(exceptConnectionId ? { NOT: { connectionId: exceptConnectionId } } : {}),
    },
    select: { key: true, value: true, connection: { select: { connectionId: true } } },
  });
  return clash ? { key: clash.key, value: clash.value, connectionId: clash.connection.connectionId } : null;
}

export async function replaceAttributionRows(
  tx: Tx,
  connection: { id: string; environmentId: string; integrationId: string },
  entries: Array<[key: string, value: string]>,
): Promise<void> {
  await tx.connectionAttribution.deleteMany({ where: { connectionId: connection.id } });
  if (entries.length === 0) return;
  await tx.connectionAttribution.createMany({
    data: entries.map(([key, value]) => ({
      environmentId: connection.environmentId,
      integrationId: connection.integrationId,
      connectionId: connection.id,
      key,
      value,
    })),
  });
}

export function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(fn);
}
