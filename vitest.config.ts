import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          // isolated-vm (Function sandbox) needs this on Node 20.
          execArgv: ["--no-node-snapshot"],
          include: ["server/**/*.test.ts", "worker/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["server/**/*.int.test.ts", "worker/**/*.int.test.ts"],
          globalSetup: ["server/test/global-setup.ts"],
          // Each file gets its own database; two at a time suits a 2-core machine.
          pool: "forks",
          execArgv: ["--no-node-snapshot"],
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
