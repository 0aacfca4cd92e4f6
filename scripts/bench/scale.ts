// `npm run bench:scale`: the list endpoints at workshop scale — 100 000 customers, 200 000
// vehicles, 1 000 000 services in PostgreSQL — timed through the API (in-process, so the
// figures are the server's own), with the query plans of the heaviest shapes.
//   BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres)
//   SCALE_KEEP=1 keeps the database afterwards; SCALE_REUSE=1 times a kept one without seeding

import { OWNER, ownerEnv } from '@bengkel/testing/accounts';
import { buildApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { adminQuery, withDatabaseName } from '@bengkel/testing/database';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'bengkel_scale';
const RUNS = 25;

const databaseUrl = withDatabaseName(SERVER_URL, DB_NAME);
const sql = (text: string, target = databaseUrl) => adminQuery(text, target);

const SEED = `
insert into customers (name, email, phone, address, created_at, updated_at)
select (array['Budi','Siti','Agus','Dewi','Rina','Joko','Wati','Andi','Putri','Eko'])[1 + i % 10] || ' ' ||
       (array['Santoso','Wijaya','Saputra','Lestari','Hidayat','Kusuma','Pratama','Nugroho'])[1 + (i / 10) % 8] || ' ' || i,
       'user' || i || '@example.com', '+62 812 ' || lpad(i::text, 7, '0'), 'Jl. Merdeka No. ' || i,
       now() - i * interval '5 minutes', now() - i * interval '5 minutes'
from generate_series(1, 100000) as i;

insert into vehicles (customer_id, plate_number, make, model, year, color, vin, mileage, created_at, updated_at)
select 1 + i % 100000, 'B ' || i || ' ' || chr(65 + i % 26) || chr(65 + (i / 26) % 26),
       (array['Toyota','Honda','Suzuki','Daihatsu','Mitsubishi','Nissan'])[1 + i % 6],
       (array['Avanza','Jazz','Ertiga','Xenia','Xpander','Livina','Innova','Brio'])[1 + i % 8],
       2000 + i % 25, (array['Silver','Black','White','Red'])[1 + i % 4],
       upper(substr(md5(i::text), 1, 17)), i % 300000,
       now() - i * interval '2 minutes', now() - i * interval '2 minutes'
from generate_series(1, 200000) as i;

insert into services (vehicle_id, description, status, scheduled_at, completed_at, cost, mileage, mechanic, created_at, updated_at)
select 1 + i % 200000,
       (array['Oil change','Brake pads','Tune-up','Tyre rotation','Battery replacement','Air-con service','Clutch repair','Wheel alignment'])[1 + i % 8] || ' #' || i,
       s.status, s.at, case when s.status = 'completed' then s.at + interval '2 hours' end,
       round((100000 + (i::bigint * 7919) % 4900000)::numeric + (i % 100) / 100.0, 2), i % 300000,
       (array['Agus','Budi','Joko','Eko','Andi'])[1 + i % 5],
       s.at - interval '1 day', s.at - interval '1 day'
from generate_series(1, 1000000) as i,
     lateral (select case when i % 10 < 6 then 'completed' when i % 10 = 6 then 'cancelled'
                          when i % 10 = 7 then 'in_progress' else 'scheduled' end as status,
                     now() + interval '7 days' - i * interval '1 minute' as at) as s;
`;

const REQUESTS = [
  '/api/customers',
  '/api/customers?q=siti',
  '/api/customers?q=user42424',
  '/api/customers?sort=name',
  '/api/customers?offset=99950',
  '/api/customers/42424/vehicles',
  '/api/vehicles',
  '/api/vehicles?customerId=42424',
  '/api/vehicles?q=B%2012345',
  '/api/vehicles?sort=plateNumber',
  '/api/services',
  '/api/services?vehicleId=42424',
  '/api/services?status=scheduled',
  '/api/services?status=in_progress&sort=scheduledAt',
  '/api/services?from=2026-11-01&to=2026-11-01',
  '/api/services?q=clutch',
  '/api/services?q=%23424242',
  '/api/services?sort=-cost',
  '/api/services?sort=-completedAt',
  '/api/services?sort=-updatedAt',
  '/api/services?sort=status',
  '/api/vehicles?sort=make',
  '/api/vehicles?sort=-year',
  '/api/customers?sort=email',
  '/api/vehicles/42424/services',
  '/api/stats',
];

async function main() {
  const reuse = Boolean(process.env.SCALE_REUSE);
  if (!reuse) {
    await sql(`drop database if exists ${DB_NAME} with (force)`, SERVER_URL);
    await sql(`create database ${DB_NAME}`, SERVER_URL);
  }
  const app = await buildApp({ config: loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...ownerEnv }) });
  try {
    await app.ready();
    // Signed in as the database's first owner, as the web app would be.
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: OWNER.email, password: OWNER.password } });
    const session = { cookie: `bengkel_session=${login.cookies.find((c) => c.name === 'bengkel_session')?.value}` };
    let started = Date.now();
    if (!reuse) {
      console.error('seeding 100 000 customers, 200 000 vehicles, 1 000 000 services…');
      await sql(SEED);
      await sql('vacuum analyze');
      console.error(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }

    console.log(`\n| request | total | median ms | p95 ms |\n| --- | --- | --- | --- |`);
    for (const path of REQUESTS) {
      const times: number[] = [];
      let total = '';
      for (let i = 0; i < RUNS; i++) {
        started = performance.now();
        const response = await app.inject({ method: 'GET', url: path, headers: session });
        times.push(performance.now() - started);
        if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
        total = String((JSON.parse(response.body) as { total?: number }).total ?? '');
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
      console.log(`| \`GET ${decodeURIComponent(path)}\` | ${total} | ${at(0.5)} | ${at(0.95)} |`);
    }
  } finally {
    await app.close();
    if (!process.env.SCALE_KEEP) await sql(`drop database if exists ${DB_NAME} with (force)`, SERVER_URL);
  }
}

await main();
