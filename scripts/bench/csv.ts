// `npm run bench:csv`: a CSV import of N customers through the API (every row checked as a JSON
// body is, then written in one transaction with its audit entries), its dry run and the export,
// beside the reference run in the same minute: the same rows as plain multi-row INSERTs of 500
// in one transaction on the same table (its triggers, audit included, but no parsing, no checks).
// Prints rows per second and the API's share of the reference. Figures compare within one run only.
//   BENCH_CSV_ROWS (20000)  BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres)

import pg from 'pg';
import { buildApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { ownerEnv, OWNER } from '@bengkel/testing/accounts';
import { freshDatabase } from '@bengkel/testing/database';

const ROWS = Number(process.env.BENCH_CSV_ROWS ?? 20_000);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const row = (i: number, tag: string) => [`Pelanggan ${tag} ${i}`, `p${i}.${tag}@example.com`, `0812 3456 ${String(i).padStart(4, '0')}`, `Jl. Merdeka No. ${i} Bandung`];

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000 };
}

const fresh = await freshDatabase(SERVER_URL);
try {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: fresh.url, ...ownerEnv });
  const app = await buildApp({ config, logger: false });
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: OWNER.email, password: OWNER.password } });
  const cookie = `bengkel_session=${login.cookies.find((c) => c.name === 'bengkel_session')!.value}`;
  const headers = { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'text/csv' };
  const file = (tag: string) => ['name,email,phone,address', ...Array.from({ length: ROWS }, (_, i) => row(i, tag).join(','))].join('\r\n');

  const send = (body: string, dryRun: boolean) =>
    app.inject({ method: 'POST', url: `/api/import/customers${dryRun ? '?dryRun=true' : ''}`, headers, payload: body }).then((reply) => {
      if (reply.statusCode !== 200) throw new Error(`import answered ${reply.statusCode}: ${reply.body.slice(0, 300)}`);
    });
  const dry = await timed(() => send(file('dry'), true));
  const real = await timed(() => send(file('api'), false));
  const exported = await timed(async () => (await app.inject({ method: 'GET', url: '/api/customers.csv', headers: { cookie } })).body.length);

  // The reference: the same rows, no API in between.
  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  const reference = await timed(async () => {
    await client.query('begin');
    for (let start = 0; start < ROWS; start += 500) {
      const values: string[] = [];
      const placeholders: string[] = [];
      for (let i = start; i < Math.min(ROWS, start + 500); i++) {
        const base = values.length;
        values.push(...row(i, 'ref'));
        placeholders.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4})`);
      }
      await client.query(`insert into customers (name, email, phone, address) values ${placeholders.join(', ')}`, values);
    }
    await client.query('commit');
  });
  await client.end();
  await app.close();

  const rate = (seconds: number) => Math.round(ROWS / seconds).toLocaleString('en-US');
  console.log(`CSV import of ${ROWS.toLocaleString('en-US')} customers (${(file('x').length / 1024 / 1024).toFixed(1)} MiB), PostgreSQL at ${new URL(SERVER_URL).host}`);
  console.log(`  import            ${real.seconds.toFixed(2)} s  ${rate(real.seconds)} rows/s  (${Math.round((reference.seconds / real.seconds) * 100)} % of the reference)`);
  console.log(`  dry run           ${dry.seconds.toFixed(2)} s  ${rate(dry.seconds)} rows/s`);
  console.log(`  reference INSERTs ${reference.seconds.toFixed(2)} s  ${rate(reference.seconds)} rows/s  (500 a statement, one transaction, same triggers)`);
  console.log(`  export of ${(ROWS * 2).toLocaleString('en-US')} rows: ${exported.seconds.toFixed(2)} s, ${(exported.value / 1024 / 1024).toFixed(1)} MiB  ${Math.round((ROWS * 2) / exported.seconds).toLocaleString('en-US')} rows/s`);
} finally {
  await fresh.drop();
}
