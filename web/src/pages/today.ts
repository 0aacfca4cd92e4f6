// Today at the counter (issue 13): the jobs scheduled today, those in progress, and those done and
// waiting for their owner, as three columns a person reads at a glance; a tap on a card opens the
// job. "Today" is the browser's own day. The board reads itself again every minute while shown.
// Waiting ("ready for pickup") is a job completed in the last week whose invoice is missing or not
// yet paid; a mechanic, who sees no invoices, gets the jobs completed today instead.

import { api } from '../api.ts';
import { h, replace } from '../dom.ts';
import { formatMoney, formatTimeToday, locale, t, type MessageKey } from '../i18n/index.ts';
import type { Invoice, Service } from '../types.ts';
import { keepsRecords } from '../session.ts';
import { header, loadingPage } from './layout.ts';

const LIMIT = 200;
const DAY_MS = 86_400_000;
const WAITING_DAYS = 7;
const REFRESH_MS = 60_000;

interface Job {
  service: Service;
  /** When, as the column reads it: scheduled for, or completed at. */
  at: string;
  /** What is still to do at the counter (waiting jobs). */
  note?: string;
}

interface Column {
  key: 'scheduled' | 'in_progress' | 'waiting';
  title: MessageKey;
  hint?: MessageKey;
  jobs: Job[];
}

export function startOfToday(): Date {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  return start;
}

/** Every invoice issued since `from`: a few pages at most (a week of one workshop's invoices). */
async function invoicesSince(from: Date): Promise<Invoice[]> {
  const invoices: Invoice[] = [];
  for (let offset = 0; ; offset += LIMIT) {
    const page = await api.invoices.list({ from: from.toISOString(), limit: LIMIT, offset });
    invoices.push(...page.items);
    if (page.items.length < LIMIT || invoices.length >= page.total) return invoices;
  }
}

/** Completed jobs still waiting at the counter: no live invoice, or one with something owed. */
async function waitingJobs(completed: Service[]): Promise<Job[]> {
  const since = Date.now() - WAITING_DAYS * DAY_MS;
  const recent = completed.filter((s) => s.completedAt && Date.parse(s.completedAt) >= since);
  if (recent.length === 0) return [];
  // An invoice is issued after its service is completed: those since the earliest cover them all.
  const earliest = new Date(Math.min(...recent.map((s) => Date.parse(s.completedAt!))));
  const live = new Map<number, Invoice>();
  for (const invoice of await invoicesSince(earliest)) if (invoice.status !== 'void') live.set(invoice.serviceId, invoice);
  return recent.flatMap((service) => {
    const invoice = live.get(service.id);
    if (invoice?.status === 'paid') return [];
    const note = invoice ? t('today.owes', { amount: formatMoney(invoice.balance) }) : t('today.notInvoiced');
    return [{ service, at: service.completedAt!, note }];
  });
}

async function loadColumns(): Promise<Column[]> {
  const today = startOfToday();
  const tomorrow = new Date(today.getTime() + DAY_MS);
  tomorrow.setHours(0, 0, 0, 0); // a day is not always 24 hours (daylight saving time)
  const [scheduled, inProgress, completed] = await Promise.all([
    api.services.list({ status: 'scheduled', from: today.toISOString(), to: new Date(tomorrow.getTime() - 1).toISOString(), sort: 'scheduledAt', limit: LIMIT }),
    api.services.list({ status: 'in_progress', sort: 'scheduledAt', limit: LIMIT }),
    api.services.list({ status: 'completed', sort: '-completedAt', limit: LIMIT }),
  ]);
  const waiting = keepsRecords()
    ? await waitingJobs(completed.items)
    : completed.items.filter((s) => s.completedAt && Date.parse(s.completedAt) >= today.getTime()).map((service) => ({ service, at: service.completedAt! }));
  return [
    { key: 'scheduled', title: 'today.scheduled', jobs: scheduled.items.map((service) => ({ service, at: service.scheduledAt })) },
    { key: 'in_progress', title: 'today.inProgress', jobs: inProgress.items.map((service) => ({ service, at: service.scheduledAt })) },
    keepsRecords()
      ? { key: 'waiting', title: 'today.waiting', hint: 'today.waitingHint', jobs: waiting }
      : { key: 'waiting', title: 'today.completedToday', jobs: waiting },
  ];
}

/** One job as a card: the plate first (what the counter looks for), the car, whose, what, when, who works on it. */
function jobCard({ service, at, note }: Job): HTMLElement {
  const { vehicle } = service;
  return h(
    'li',
    {},
    h(
      'a',
      { href: `/services/${service.id}`, 'data-link': true, class: 'job', 'data-job': service.id },
      h('span', { class: 'plate' }, vehicle.plateNumber),
      h('span', { class: 'car' }, `${vehicle.make} ${vehicle.model}`),
      h('span', { class: 'who' }, vehicle.customerName),
      h('span', { class: 'what' }, service.description),
      h('span', { class: 'when' }, h('time', { datetime: at }, formatTimeToday(at)), ' · ', service.mechanic ?? t('today.noMechanic')),
      note ? h('span', { class: 'note' }, note) : null,
    ),
  );
}

function board(columns: Column[]): HTMLElement {
  return h(
    'div',
    { class: 'board' },
    columns.map((column) =>
      h(
        'section',
        { class: 'board-column', 'data-column': column.key, 'aria-labelledby': `column-${column.key}` },
        h('h2', { id: `column-${column.key}` }, t(column.title), ' ', h('span', { class: 'count', 'data-count': column.jobs.length }, `(${column.jobs.length})`)),
        column.hint ? h('p', { class: 'hint' }, t(column.hint)) : null,
        column.jobs.length ? h('ul', { class: 'jobs' }, column.jobs.map(jobCard)) : h('p', { class: 'empty' }, t('today.none')),
      ),
    ),
  );
}

export function todayPage(): Node {
  return loadingPage(async () => {
    const slot = h('div', {}, board(await loadColumns()));
    // Read again now and then while the board is shown; a failed read keeps the last board.
    const timer = setInterval(() => {
      if (!slot.isConnected) return clearInterval(timer);
      loadColumns().then((columns) => slot.isConnected && replace(slot, board(columns)), () => undefined);
    }, REFRESH_MS);
    const day = new Intl.DateTimeFormat(locale(), { dateStyle: 'full' }).format(new Date());
    return h('div', {}, header(t('today.title')), h('p', { class: 'hint', 'data-day': true }, day), slot);
  });
}
