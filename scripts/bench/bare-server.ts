// A calibration reference for the benchmark, not part of the product: the vehicles list as a
// bare Fastify handler over `pg` with the API's own SQL and pool size — no validation, ORM,
// metrics, CORS or security headers. The API's throughput as a share of this one is what our
// stack costs, measured on the same machine in the same run.
//   node --import tsx scripts/bench/bare-server.ts <port> <database url> <pool size> <sql>

import Fastify from 'fastify';
import pg from 'pg';

const [port, url, poolSize, text] = process.argv.slice(2) as [string, string, string, string];
const pool = new pg.Pool({ connectionString: url, max: Number(poolSize) });
const app = Fastify();
app.get('/api/vehicles', async () => {
  const { rows } = await pool.query({ name: 'vehicles_list', text, values: [] });
  return { items: rows, total: Number(rows[0]?.total ?? 0), limit: 50, offset: 0 };
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
