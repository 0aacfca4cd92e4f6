// The filling half of `npm run demo` (scripts/demo.mjs runs it, then starts Bengkel as `npm start`
// does): the app built in this process on the database the environment names (embedded PGlite in
// DATA_DIR, or DATABASE_URL), filled with the sample workshop, then closed, so that the server
// started next is the only process that opens an embedded database. Exit 0 when filled; 1 when
// refused (the workshop is not empty: nothing written) or failed; 2 on a configuration error.

import { buildApp } from '../app.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { assertEmpty, fillDemo, WorkshopNotEmpty, type DemoUser } from './fill.ts';
import { WORKSHOP } from './workshop.ts';

// The plan books jobs at 08:00 and the like in this process's local time: the workshop's
// (settings' default zone), not a container's UTC, unless TZ says otherwise.
process.env.TZ ||= 'Asia/Jakarta';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`npm run demo: configuration error: ${error.message}\n`);
  process.exit(2);
}

// ADMIN_EMAIL's owner is created (or signed in) by the fill, once it has seen the workshop is
// empty, so that a refusal writes nothing. The demo is the app's only client: no load shedding.
const app = await buildApp({ config: { ...config, admin: undefined, maxEventLoopDelayMs: 0 }, logger: { level: 'warn' } }).catch((error: unknown) => {
  process.stderr.write(`npm run demo: could not open the database: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
const where = app.database.description;
const started = Date.now();
let code = 0;
try {
  await app.ready();
  await assertEmpty(app);
  process.stdout.write(`npm run demo: filling ${where} with ${WORKSHOP.workshopName}, a sample workshop…\n`);
  const { made, users, actingAs } = await fillDemo(app, { admin: config.admin });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `npm run demo: done in ${seconds} s as ${actingAs}: ${made.customers} customers, ${made.vehicles} vehicles, ${made.services} services ` +
      `(the last three months, today and the next week), ${made.invoices} invoices, ${made.payments} payments, ${made.reminders} reminders.\n`,
  );
  if (users.length > 0) process.stdout.write(signInNote(users));
} catch (error) {
  code = 1;
  if (error instanceof WorkshopNotEmpty) {
    const { customers, vehicles, services } = error.counts;
    process.stderr.write(
      `npm run demo: refused. The demo fills an empty workshop only, and ` +
        (error.settingsSet ? `${where} already has the workshop's own settings (name, tax id, invoice details). ` : `${where} already holds ${customers} customers, ${vehicles} vehicles and ${services} services. `) +
        'Nothing was written.\n' +
        'To try the demo, give it an empty database: a new folder for the embedded one, e.g. DATA_DIR=demo/data npm run demo\n' +
        '(relative to api/; later DATA_DIR=demo/data npm start), or DATABASE_URL=postgres://user:password@host:5432/an_empty_database npm run demo.\n',
    );
  } else {
    process.stderr.write(`npm run demo: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
} finally {
  await app.close();
}
process.exit(code);

function signInNote(users: DemoUser[]): string {
  const rows = users.map((user) => `  ${user.role.padEnd(10)} ${user.name.padEnd(16)} ${user.email.padEnd(24)} ${user.password ?? '(ADMIN_PASSWORD)'}`);
  return [
    'Sign in with one of these (the passwords are shown only now: keep the owner\'s; an owner can set new ones under Users):',
    `  ${'role'.padEnd(10)} ${'name'.padEnd(16)} ${'email'.padEnd(24)} password`,
    ...rows,
    '',
  ].join('\n');
}
