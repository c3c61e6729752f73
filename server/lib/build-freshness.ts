import { readdir, stat } from "node:fs/promises";
import path from "node:path";

// `npm start` serves the production build; it rebuilds when the build is missing or
// older than any source it was built from.

const SOURCES = ["app", "server", "next.config.js", "package.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", "__fixtures__"]);

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const child of await readdir(entry, { withFileTypes: true })) {
    if (SKIP.has(child.name)) continue;
    newest = Math.max(newest, await newestMtime(path.join(entry, child.name)));
  }
  return newest;
}

export async function buildStatus(root: string): Promise<"missing" | "stale" | "fresh"> {
  const built = await stat(path.join(root, ".next", "BUILD_ID")).catch(() => null);
  if (!built) return "missing";
  let newest = 0;
  for (const source of SOURCES) newest = Math.max(newest, await newestMtime(path.join(root, source)));
  return newest > built.mtimeMs ? "stale" : "fresh";
}
