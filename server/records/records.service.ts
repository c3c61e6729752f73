import type { PoolClient } from "pg";
import { sha256Hex } from "../lib/crypto";
import { pool } from "../lib/db";
import { AppError } from "../lib/errors";

// The Sync cache, minimal: objects per (connection, model, id) with the hash of their
// canonical JSON. Writing an object whose hash is unchanged changes nothing, so a
// re-run after a crash writes nothing twice. (The Syncs issue adds cursors and notices.)

export interface RecordScope {
  environmentId: string;
  integrationId: string;
  connectionId: string;
}

export interface RecordWriteResult {
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

/** JSON with object keys sorted, so equal objects hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function checkObjects(model: string, objects: unknown): Array<{ id: string; data: unknown; hash: string }> {
  if (typeof model !== "string" || !/^[A-Za-z0-9_.-]{1,100}$/.test(model)) {
    throw new AppError("bad_request", "The model name must be 1–100 letters, digits, dots, dashes or underscores");
  }
  const list: unknown[] = Array.isArray(objects) ? (objects as unknown[]) : [objects];
  if (list.length > 1000) throw new AppError("bad_request", "At most 1000 objects per call");
  return list.map((object, i) => {
    const id = (object as { id?: unknown } | null)?.id;
    if ((typeof id !== "string" && typeof id !== "number") || String(id).length === 0) {
      throw new AppError("bad_request", `Object ${i} of ${model} has no id (a string or number "id" field is required)`);
    }
    const json = canonicalJson(object);
    return { id: String(id), data: object, hash: sha256Hex(json) };
  });
}

async function withClient<T>(client: Pick<PoolClient, "query"> | undefined, fn: (c: Pick<PoolClient, "query">) => Promise<T>): Promise<T> {
  if (client) return fn(client);
  return fn(pool());
}

/** Saves (adds or updates) objects; `update` is the same write, as the cache keeps whole objects. */
export async function saveRecords(
  scope: RecordScope,
  model: string,
  objects: unknown,
  client?: Pick<PoolClient, "query">,
): Promise<RecordWriteResult> {
  // One write per id (the last copy wins): a row cannot be upserted twice in one statement.
  const rows = [...new Map(checkObjects(model, objects).map((r) => [r.id, r])).values()];
  const result: RecordWriteResult = { added: 0, updated: 0, deleted: 0, unchanged: 0 };
  if (rows.length === 0) return result;
  const { rows: written } = (await withClient(client, (c) =>
    c.query(
      `INSERT INTO records (id, environment_id, integration_id, connection_id, model, external_id, data, hash, last_action)
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4::text, x.id, x.data, x.hash, 'ADDED'
         FROM unnest($5::text[], $6::jsonb[], $7::text[]) AS x(id, data, hash)
       ON CONFLICT (connection_id, model, external_id) DO UPDATE
         SET data = EXCLUDED.data, hash = EXCLUDED.hash, deleted_at = NULL, updated_at = now(),
             last_action = CASE WHEN records.deleted_at IS NULL THEN 'UPDATED'::"RecordAction" ELSE 'ADDED'::"RecordAction" END
         WHERE records.hash IS DISTINCT FROM EXCLUDED.hash OR records.deleted_at IS NOT NULL
       RETURNING (xmax = 0) AS inserted`,
      [
        scope.environmentId,
        scope.integrationId,
        scope.connectionId,
        model,
        rows.map((r) => r.id),
        rows.map((r) => JSON.stringify(r.data)),
        rows.map((r) => r.hash),
      ],
    ),
  )) as { rows: Array<{ inserted: boolean }> };
  for (const row of written) {
    if (row.inserted) result.added++;
    else result.updated++;
  }
  result.unchanged = rows.length - written.length;
  return result;
}

/** Marks objects deleted (by id); deleting an already deleted or unknown object changes nothing. */
export async function deleteRecords(
  scope: RecordScope,
  model: string,
  objects: unknown,
  client?: Pick<PoolClient, "query">,
): Promise<RecordWriteResult> {
  const given: unknown[] = Array.isArray(objects) ? (objects as unknown[]) : [objects];
  const list = given.map((o): unknown => (typeof o === "object" && o !== null ? o : { id: o }));
  const rows = checkObjects(model, list);
  const { rowCount } = (await withClient(client, (c) =>
    c.query(
      `UPDATE records SET deleted_at = now(), updated_at = now(), last_action = 'DELETED'
        WHERE connection_id = $1::uuid AND model = $2 AND external_id = ANY($3::text[]) AND deleted_at IS NULL`,
      [scope.connectionId, model, rows.map((r) => r.id)],
    ),
  )) as { rowCount: number | null };
  const deleted = rowCount ?? 0;
  return { added: 0, updated: 0, deleted, unchanged: rows.length - deleted };
}
