import { db } from "../lib/db";
import { parseGraph, type ParsedGraph } from "./graph";

// Versions are immutable, so a parsed graph can be kept for the life of the process.

export interface CachedVersion {
  version: { id: string; number: number };
  parsed: ParsedGraph;
}

const LIMIT = 1000;
const cache = new Map<string, CachedVersion>();

export function parseVersion(version: { id: string; number: number }, graph: unknown): CachedVersion {
  const hit = cache.get(version.id);
  if (hit) return hit;
  const { graph: parsed } = parseGraph(graph);
  // Only valid graphs are ever saved; an unreadable one (a future format) runs as empty.
  const entry: CachedVersion = { version, parsed: parsed ?? { nodes: new Map(), children: new Map(), triggers: [] } };
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(version.id, entry);
  return entry;
}

/** The parsed version when this process has it, so callers can skip reading its graph. */
export function findCachedVersion(versionId: string): CachedVersion | null {
  return cache.get(versionId) ?? null;
}

export async function parsedVersionGraph(versionId: string): Promise<CachedVersion> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const row = await db().pipelineVersion.findUniqueOrThrow({ where: { id: versionId } });
  return parseVersion({ id: row.id, number: row.number }, row.graph);
}
