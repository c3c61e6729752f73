import { createServer } from "node:http";
import pg from "pg";

// The yardstick for `npm run bench:ingest`: a bare Node server that stores each request
// with one INSERT before answering. Switchboard's webhook endpoint does more (lookup,
// signature check, handshakes) and should still keep up with it.

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
await pool.query(
  `CREATE TABLE IF NOT EXISTS bench_reference (id bigserial PRIMARY KEY, headers jsonb NOT NULL, body bytea NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`,
);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    pool.query(`INSERT INTO bench_reference (headers, body) VALUES ($1, $2)`, [JSON.stringify(req.headers), Buffer.concat(chunks)]).then(
      () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"received":true}');
      },
      () => {
        res.writeHead(503);
        res.end();
      },
    );
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.({ type: "ready" }));
process.on("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
