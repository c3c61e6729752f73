import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildStatus } from "../server/lib/build-freshness";

// `npm run test:e2e`: find a Chromium, make sure the production build is current, run Playwright.

const root = path.resolve(import.meta.dirname, "..");

function playwrightChromium(): string | undefined {
  try {
    const out = execFileSync(process.execPath, ["-e", "process.stdout.write(require('@playwright/test').chromium.executablePath())"], {
      cwd: root,
      encoding: "utf8",
    });
    return existsSync(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) fail(`CHROMIUM_PATH points at ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  const bundled = playwrightChromium();
  if (bundled) return bundled;
  console.log("[e2e] No Chromium found: trying `npx playwright install chromium`…");
  spawnSync("npx", ["playwright", "install", "chromium"], { cwd: root, stdio: "inherit" });
  const installed = playwrightChromium();
  if (installed) return installed;
  fail(
    "No Chromium for the end-to-end tests. Install one (Debian/Ubuntu: `apt-get install chromium`; elsewhere `npx playwright install chromium`) or point CHROMIUM_PATH at a Chromium or Chrome binary.",
  );
}

function fail(message: string): never {
  console.error(`[e2e] ${message}`);
  process.exit(1);
}

const chromium = findChromium();
if ((await buildStatus(root)) !== "fresh") {
  console.log("[e2e] Building the production app…");
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) fail("next build failed");
}
const result = spawnSync(process.execPath, [path.join(root, "node_modules/@playwright/test/cli.js"), "test", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, CHROMIUM_PATH: chromium },
});
process.exit(result.status ?? 1);
