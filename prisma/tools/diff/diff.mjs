// Usage: node prisma/tools/diff/diff.mjs <migration_name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the
// schema the existing migrations produce (snapshot.prisma) to prisma/schema.prisma,
// then refreshes the snapshot.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: diff.mjs <migration_name in snake_case>");
  process.exit(2);
}

// The wasm engine wants a datasource url in each schema and no generator blocks.
function forDiff(source) {
  return source
    .replace(/generator\s+\w+\s*\{[^}]*\}/g, "")
    .replace(/datasource\s+db\s*\{[^}]*\}/, 'datasource db {\n  provider = "postgresql"\n  url = "postgresql://localhost/diff"\n}');
}
const work = mkdtempSync(path.join(tmpdir(), "sb-diff-"));
const snapshotPath = path.join(here, "snapshot.prisma");
const from = existsSync(snapshotPath) ? readFileSync(snapshotPath, "utf8") : 'datasource db {\n  provider = "postgresql"\n}\n';
const to = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
writeFileSync(path.join(work, "from.prisma"), forDiff(from));
writeFileSync(path.join(work, "to.prisma"), forDiff(to));

const sql = execFileSync(
  path.join(here, "node_modules/.bin/prisma"),
  [
    "migrate",
    "diff",
    "--from-schema-datamodel",
    path.join(work, "from.prisma"),
    "--to-schema-datamodel",
    path.join(work, "to.prisma"),
    "--script",
  ],
  { cwd: here, env: { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, encoding: "utf8" },
);
if (/^-- This is an empty migration/m.test(sql)) {
  console.log("schema.prisma matches the migrations; nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
writeFileSync(snapshotPath, to);
console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
