// Fills an empty workshop with the sample of plan.ts through the API's own routes (app.inject),
// acting as an owner: every rule, the audit log, invoice numbering and the reminders' triggers
// apply as they would to the front desk's typing. It refuses, writing nothing, when the database
// holds any customer, vehicle or service. On a workshop without users it creates the owner
// (ADMIN_EMAIL/ADMIN_PASSWORD, else a demo owner with a generated password), a front desk and a
// mechanic; on one with users it signs in as ADMIN_EMAIL if that is an owner's, else acts through
// a one-hour owner token of the first active owner, revoked when done.

import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Config } from '../config.ts';
import { customers, services, vehicles } from '../db/schema.ts';
import { planDemo, type PlannedService } from './plan.ts';
import { STAFF, WORKSHOP } from './workshop.ts';

export interface WorkshopCounts {
  customers: number;
  vehicles: number;
  services: number;
}

export class WorkshopNotEmpty extends Error {
  override name = 'WorkshopNotEmpty';
  constructor(
    readonly counts: WorkshopCounts,
    /** The workshop's own settings (name, NPWP, tax, prefix…), which the demo would replace. */
    readonly settingsSet = false,
  ) {
    super(
      settingsSet
        ? "the workshop's settings are already set (its name, tax id or invoice details), and the demo would replace them"
        : `the database already holds ${counts.customers} customers, ${counts.vehicles} vehicles and ${counts.services} services`,
    );
  }
}

/** A user the demo made, with the password to sign in (undefined: ADMIN_PASSWORD's). */
export interface DemoUser {
  name: string;
  email: string;
  role: 'owner' | 'frontdesk' | 'mechanic';
  password: string | undefined;
}

export interface DemoResult {
  /** Users created (none when the workshop had its users already). */
  users: DemoUser[];
  /** Who the records were made as. */
  actingAs: string;
  made: { customers: number; vehicles: number; services: number; invoices: number; payments: number; reminders: number };
}

export interface FillOptions {
  /** ADMIN_EMAIL/ADMIN_PASSWORD (config.admin): the owner to create, or to sign in as. */
  admin?: Config['admin'];
  now?: Date;
}

/** Customers, vehicles and services in the database (a count: nothing is written). */
export async function workshopCounts(app: FastifyInstance): Promise<WorkshopCounts> {
  const rows = (table: typeof customers | typeof vehicles | typeof services, name: string) =>
    app.database.run('select', name, async (db) => (await db.select({ n: count() }).from(table))[0]?.n ?? 0);
  const [c, v, s] = await Promise.all([rows(customers, 'customers'), rows(vehicles, 'vehicles'), rows(services, 'services')]);
  return { customers: c, vehicles: v, services: s };
}

const newPassword = () => randomBytes(12).toString('base64url');

/** What an answer of the API holds (all the fill reads of one is its id, and an invoice's total). */
type Answer = Record<string, unknown> & { id: number };
type Send = (method: InjectOptions['method'], url: string, body?: unknown, expected?: number) => Promise<Answer>;

function sender(app: FastifyInstance, headers: Record<string, string>): Send {
  return async (method, url, body, expected = method === 'POST' ? 201 : 200) => {
    const response = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
    if (response.statusCode !== expected) throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    return (response.body ? response.json() : {}) as Answer;
  };
}

async function signIn(app: FastifyInstance, email: string, password: string): Promise<Record<string, string> | undefined> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const cookie = response.cookies.find((c) => c.name === 'bengkel_session');
  if (response.statusCode !== 200 || !cookie || response.json().user?.role !== 'owner') return undefined;
  // As a page of Bengkel sends it (the CSRF check wants it on a write made with the cookie).
  return { cookie: `bengkel_session=${cookie.value}`, 'sec-fetch-site': 'same-origin' };
}

/** An owner's credentials for the fill, the users it created, and what to undo afterwards. */
async function actAsOwner(app: FastifyInstance, admin: Config['admin']): Promise<{ send: Send; users: DemoUser[]; actingAs: string; done(): Promise<void> }> {
  if (!(await app.users.any())) {
    const owner = admin ?? { name: STAFF.owner.name, email: STAFF.owner.email, password: newPassword() };
    await sender(app, {})('POST', '/api/setup', { name: owner.name, email: owner.email, password: owner.password });
    const send = sender(app, (await signIn(app, owner.email, owner.password))!);
    const users: DemoUser[] = [{ name: owner.name, email: owner.email, role: 'owner', password: admin ? undefined : owner.password }];
    for (const staff of [STAFF.frontdesk, STAFF.mechanic]) {
      const password = newPassword();
      await send('POST', '/api/users', { ...staff, password });
      users.push({ ...staff, password });
    }
    return { send, users, actingAs: owner.email, done: async () => {} };
  }
  const session = admin && (await signIn(app, admin.email, admin.password));
  if (session) return { send: sender(app, session), users: [], actingAs: admin.email, done: async () => {} };
  const owner = (await app.users.list()).find((user) => user.role === 'owner' && user.active);
  if (!owner) throw new Error('no active owner to act for');
  const actor = { type: 'user' as const, id: owner.id, name: owner.name, requestId: 'npm-run-demo' };
  const token = await app.database.actAs(actor, () => app.tokens.create({ name: 'npm run demo', role: 'owner', createdBy: owner.id, expiresAt: new Date(Date.now() + 3_600_000) }));
  const send = sender(app, { authorization: `Bearer ${token.token}` });
  return { send, users: [], actingAs: `${owner.email} (through the token "npm run demo", revoked when done)`, done: () => send('DELETE', `/api/tokens/${token.id}`, undefined, 204).then(() => {}) };
}

/** A down payment: about half, in round tens of thousands, less than the total. */
const deposit = (total: number) => Math.max(Math.floor(total / 2 / 50_000) * 50_000, 50_000);

/** Throws WorkshopNotEmpty unless the database holds no customer, vehicle or service. */
/** Settings as a new workshop has them: anything else is a real workshop's, not to be replaced. */
const UNSET_SETTINGS = { workshopName: 'Bengkel', address: null, phone: null, email: null, taxId: null, taxRate: 0.11, currency: 'IDR', invoicePrefix: 'INV' };

export async function assertEmpty(app: FastifyInstance): Promise<void> {
  const counts = await workshopCounts(app);
  if (counts.customers + counts.vehicles + counts.services > 0) throw new WorkshopNotEmpty(counts);
  const settings = (await app.settings.read()) as Record<string, unknown>;
  if (Object.entries(UNSET_SETTINGS).some(([field, value]) => settings[field] !== value)) throw new WorkshopNotEmpty(counts, true);
}

export async function fillDemo(app: FastifyInstance, { admin, now = new Date() }: FillOptions = {}): Promise<DemoResult> {
  await assertEmpty(app);
  const plan = planDemo(now);
  const owner = await actAsOwner(app, admin);
  const { send } = owner;
  const made = { customers: 0, vehicles: 0, services: 0, invoices: 0, payments: 0, reminders: 0 };
  try {
    await send('PUT', '/api/settings', WORKSHOP);
    const customerIds: number[] = [];
    for (const customer of plan.customers) customerIds.push((await send('POST', '/api/customers', customer)).id);
    made.customers = customerIds.length;
    const vehicleIds: number[] = [];
    for (const { customer, kind: _kind, ...vehicle } of plan.vehicles) vehicleIds.push((await send('POST', '/api/vehicles', { ...vehicle, customerId: customerIds[customer] })).id);
    made.vehicles = vehicleIds.length;
    const reminderIds: number[] = [];
    for (const { vehicle, ...reminder } of plan.reminders) reminderIds.push((await send('POST', '/api/reminders', { ...reminder, vehicleId: vehicleIds[vehicle] })).id);
    made.reminders = reminderIds.length;
    for (const work of plan.services) {
      const invoiced = await record(send, work, vehicleIds[work.vehicle]!, work.answers === undefined ? null : reminderIds[work.answers]!);
      made.services += 1;
      made.invoices += invoiced.invoices;
      made.payments += invoiced.payments;
    }
  } finally {
    await owner.done();
  }
  return { users: owner.users, actingAs: owner.actingAs, made };
}

/** One job as the workshop lives it: booked, started (odometer, mechanic), its lines, finished, invoiced, paid. */
async function record(send: Send, work: PlannedService, vehicleId: number, reminderId: number | null): Promise<{ invoices: number; payments: number }> {
  const service = await send('POST', '/api/services', { vehicleId, description: work.description, scheduledAt: work.scheduledAt.toISOString(), reminderId });
  const path = `/api/services/${service.id}`;
  if (work.status === 'scheduled') return { invoices: 0, payments: 0 };
  if (work.status === 'cancelled') {
    await send('PATCH', path, { status: 'cancelled' });
    return { invoices: 0, payments: 0 };
  }
  await send('PATCH', path, { status: 'in_progress', mileage: work.mileage, mechanic: work.mechanic });
  for (const line of work.lines) await send('POST', `${path}/lines`, line);
  if (work.status === 'in_progress') return { invoices: 0, payments: 0 };
  await send('PATCH', path, { status: 'completed' });
  if (!work.invoice) return { invoices: 0, payments: 0 };
  const invoice = await send('POST', `${path}/invoice`, undefined);
  const { settlement, method, paidAt } = work.invoice;
  if (settlement === 'unpaid') return { invoices: 1, payments: 0 };
  const total = invoice.total as number;
  const amount = settlement === 'paid' ? total : deposit(total);
  const reference = method === 'transfer' ? `BCA ${String((invoice.id * 7919) % 1_000_000).padStart(6, '0')}` : null;
  await send('POST', `/api/invoices/${invoice.id}/payments`, { amount, method, paidAt: paidAt.toISOString(), reference });
  return { invoices: 1, payments: 1 };
}
