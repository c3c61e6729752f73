import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Any reachable Postgres works: diffing two schema files reads no data.
const url = process.env.DIFF_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString: url }),
});
