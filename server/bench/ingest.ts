import { fork, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { processCpuMs, processTreeCpuMs } from "./proc-cpu";

// npm run bench:ingest — signed GitHub webhooks at 50 concurrent connections against the
// production web process, and in the same run the same load against a reference server
// that inserts one row per request. Then the worker drains the backlog to a local
// receiver, and the run checks accepted = stored = forwarded (no loss, no duplicates).
//
// BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 50), BENCH_WORKERS (worker
// processes sharing the backlog, default 1), BENCH_DATABASE_URL (a
// server to create a scratch database in; default: an embedded Postgres),
// BENCH_CPU_PROF_DIR (write V8 CPU profiles of the server processes there).

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const workerCount = Number(process.env.BENCH_WORKERS ?? 1);
const root = path.resolve(import.meta.dirname, "../..");
const SECRET = "bench-webhook-secret";

function log(line: string) {
  console.log(line);
}

async function database(): Promise<{ url: string; stop(): Promise<void> }> {
  const name = `sb_bench_${Date.now().toString(36)}`;
  if (process.env.BENCH_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.BENCH_DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async stop() {
        const c = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const { startEmbeddedPostgres } = await import("../lib/embedded-postgres");
  const dir = await mkdtemp(path.join(tmpdir(), "switchboard-bench-"));
  const embedded = await startEmbeddedPostgres(dir, () => {});
  return {
    url: embedded.databaseUrl,
    async stop() {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const profiling = process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];

function spawnChild(script: string, args: string[], env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      execArgv: ["--import", "tsx", ...profiling],
    });
    child.on("message", (m: { type?: string }) => m.type === "ready" && resolve(child));
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A realistic GitHub `issues.opened` body, unique per request. */
function signedRequest(n: number) {
  const body = JSON.stringify({
    action: "opened",
    issue: {
      id: 1_000_000 + n,
      number: n,
      title: `Issue ${n}`,
      body: "x".repeat(600),
      user: { login: "octocat", id: 1 },
      labels: [],
      state: "open",
    },
    repository: { id: 7, name: "hello", full_name: "octo/hello", private: false },
    installation: { id: 42 },
    sender: { login: "octocat", id: 1 },
  });
  return {
    method: "POST" as const,
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": "sha256=" + createHmac("sha256", SECRET).update(body).digest("hex"),
    },
  };
}

const acceptedIds = new Set<string>();

async function load(url: string, track: boolean) {
  let n = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req, context: { delivery?: string }) => {
          const r = signedRequest(n++);
          context.delivery = r.headers["x-github-delivery"];
          return { ...req, ...r, headers: { ...req.headers, ...r.headers } };
        },
        onResponse: (status: number, _body: string, context: { delivery?: string }) => {
          if (track && status >= 200 && status < 300 && context.delivery) acceptedIds.add(context.delivery);
        },
      },
    ],
  });
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    other: result.non2xx + result.errors,
    total: result["2xx"] + result.non2xx,
  };
}

const db = await database();
const encryptionKey = randomBytes(32).toString("hex");
Object.assign(process.env, { DATABASE_URL: db.url, SWITCHBOARD_ENCRYPTION_KEY: encryptionKey });
const children: ChildProcess[] = [];
try {
  const { migrate } = await import("../lib/migrate");
  await migrate(db.url);
  const { createAccount } = await import("../auth/accounts.service");
  const { updateEnvironment } = await import("../environments/environments.service");
  const { createIntegration } = await import("../integrations/integrations.service");
  const { createConnection } = await import("../connections/connections.service");
  const { closeDb } = await import("../lib/db");

  // The customer's backend: counts forwards by webhook-id and remembers the provider's delivery ids.
  const seen = new Map<string, number>();
  const forwardedDeliveries = new Set<string>();
  let firstForwardAt = 0;
  let lastForwardAt = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const id = String(req.headers["webhook-id"]);
      forwardedDeliveries.add((JSON.parse(Buffer.concat(chunks).toString()) as { eventId: string }).eventId);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      lastForwardAt = performance.now();
      firstForwardAt ||= lastForwardAt;
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;

  const { environments } = await createAccount({ email: "bench@example.com", password: "benchmark-password" });
  const env = await updateEnvironment(environments[0]!.id, { forwardUrl: receiverUrl, allowPrivateForwardUrls: true });
  await createIntegration(env, { key: "github", provider: "github", webhookSecret: SECRET }, "http://127.0.0.1");
  await createConnection(env, { integrationKey: "github", connectionId: "octo", attribution: { installationId: "42" } });
  await closeDb();

  log(`Ingestion benchmark: ${connections} connections, ${seconds} s per server, signed GitHub webhooks of ~1 KB\n`);

  const refPort = await freePort();
  const reference = await spawnChild(path.join(root, "server/bench/reference-server.ts"), [], { PORT: String(refPort) });
  children.push(reference);
  // Each server gets the same warm-up run (JIT, connection pools) before the measured one.
  await load(`http://127.0.0.1:${refPort}/`, false);
  const ref = await load(`http://127.0.0.1:${refPort}/`, false);
  await stopChild(reference);

  const webPort = await freePort();
  const web = await spawnChild(path.join(root, "server/main.ts"), ["web"], {
    PORT: String(webPort),
    HOST: "127.0.0.1",
    SWITCHBOARD_SERVE_UI: "false",
  });
  children.push(web);
  const target = `http://127.0.0.1:${webPort}/webhooks/${env.publicId}/github`;
  const client = new pg.Client({ connectionString: db.url });
  client.on("error", () => {});
  await client.connect();
  await load(target, true);
  const sb = await load(target, true);
  await stopChild(web);

  const storedIds = new Set(
    (await client.query<{ id: string }>("SELECT headers->>'x-github-delivery' AS id FROM webhooks")).rows.map((r) => r.id),
  );
  const stored = storedIds.size;
  const lost = [...acceptedIds].filter((id) => !storedIds.has(id)).length;

  // CPU time per forwarded event, by process: unlike throughput, it hardly depends on what
  // else the machine is doing. Postgres counts only when it runs on this machine.
  const postmaster = await client
    .query<{ dir: string }>("SELECT current_setting('data_directory') AS dir")
    .then(async ({ rows }) => Number((await readFile(path.join(rows[0]!.dir, "postmaster.pid"), "utf8")).split("\n")[0]))
    .catch(() => null);
  const drainStart = performance.now();
  const benchCpuBefore = process.cpuUsage();
  const postgresCpuBefore = postmaster ? await processTreeCpuMs(postmaster) : 0;
  const workers = await Promise.all(
    Array.from({ length: workerCount }, () =>
      spawnChild(path.join(root, "server/main.ts"), ["worker"], { SWITCHBOARD_WORKER_CONCURRENCY: "4" }),
    ),
  );
  children.push(...workers);
  const workersCpuMs = async () => (await Promise.all(workers.map((w) => processCpuMs(w.pid!)))).reduce((a, b) => a + b, 0);
  const workerCpuBefore = await workersCpuMs(); // start-up (compiling, connecting) is not drain work
  const deadline = Date.now() + 600_000;
  let lastReport = { at: performance.now(), count: 0 };
  while (seen.size < stored && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const now = performance.now();
    if (now - lastReport.at >= 10_000) {
      const rate = ((seen.size - lastReport.count) * 1000) / (now - lastReport.at);
      console.error(
        `  draining: ${seen.size.toLocaleString("en-US")} of ${stored.toLocaleString("en-US")} forwarded, ${Math.round(rate)}/s`,
      );
      lastReport = { at: now, count: seen.size };
    }
  }
  const drainSeconds = (lastForwardAt - drainStart) / 1000;
  const workerCpuMs = (await workersCpuMs()) - workerCpuBefore;
  const postgresCpuMs = postmaster ? (await processTreeCpuMs(postmaster)) - postgresCpuBefore : null;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const receiverCpuMs = (benchCpu.user + benchCpu.system) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  for (const worker of workers) await stopChild(worker);
  await client.end();
  receiver.close();

  const duplicates = [...seen.values()].filter((c) => c > 1).length;
  const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
  log("| server | accepted/s | p50 ms | p99 ms | non-2xx |");
  log("| --- | ---: | ---: | ---: | ---: |");
  log(`| reference (1 INSERT per request) | ${fmt(ref.perSecond)} | ${ref.p50} | ${ref.p99} | ${ref.other} |`);
  log(`| Switchboard webhook endpoint | ${fmt(sb.perSecond)} | ${sb.p50} | ${sb.p99} | ${sb.other} |`);
  log("");
  log(`accepted/s ratio (Switchboard / reference): ${(sb.perSecond / ref.perSecond).toFixed(2)}`);
  log(
    `drain: ${fmt(seen.size)} events forwarded in ${drainSeconds.toFixed(1)} s = ${fmt(seen.size / drainSeconds)} forwarded/s ` +
      `(${workerCount === 1 ? "one worker process" : `${workerCount} worker processes`}, started after the load)`,
  );
  const perEvent = (ms: number) => `${(ms / seen.size).toFixed(3)} ms`;
  log(
    `CPU per forwarded event: worker${workerCount === 1 ? "" : "s"} ${perEvent(workerCpuMs)}, Postgres ${postgresCpuMs === null ? "not measured (remote)" : perEvent(postgresCpuMs)}, ` +
      `receiver and this script ${perEvent(receiverCpuMs)} (${availableParallelism()} cores)`,
  );
  const notForwarded = [...storedIds].filter((id) => !forwardedDeliveries.has(id)).length;
  log(
    `accepted ${fmt(acceptedIds.size)} (all stored: ${lost === 0 ? "yes" : `no, ${lost} lost`}); stored ${fmt(stored)} ` +
      `(includes requests still in flight when the load stopped); forwarded ${fmt(forwardedDeliveries.size)}; ` +
      `stored but not forwarded: ${notForwarded}; duplicate webhook-ids: ${duplicates}`,
  );
  const ok = lost === 0 && notForwarded === 0 && forwardedDeliveries.size === stored && duplicates === 0;
  log(ok ? "check: no loss, no duplicates" : "check FAILED: counts differ");
  process.exitCode = ok ? 0 : 1;
} finally {
  for (const child of children) await stopChild(child);
  await db.stop();
}
