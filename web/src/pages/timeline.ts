// A customer's timeline (issue 13): their vehicles as they were added, the jobs on all of them,
// their invoices and payments, in one list, newest first, each linking to its page. Invoices and
// payments are the front desk's and owners' (a mechanic's timeline has vehicles and jobs).

import { api } from '../api.ts';
import { h, replace } from '../dom.ts';
import { formatDateTime, formatMoney, t, type MessageKey } from '../i18n/index.ts';
import type { Invoice } from '../types.ts';
import { keepsRecords } from '../session.ts';
import { errorBox, explain, loading, retryable } from '../ui/feedback.ts';
import { invoiceBadge } from './invoices.ts';
import { link } from './layout.ts';
import { statusBadge } from './services.ts';

const LIMIT = 200;

interface Entry {
  at: string;
  kind: 'vehicle' | 'service' | 'invoice' | 'payment';
  text: string;
  href: string;
  badge?: Node;
}

const KIND: Record<Entry['kind'], MessageKey> = { vehicle: 'entity.vehicle', service: 'entity.service', invoice: 'entity.invoice', payment: 'entity.payment' };

async function invoiceEntries(customerId: number): Promise<Entry[]> {
  const invoices = (await api.invoices.list({ customerId, limit: LIMIT })).items;
  const paid = invoices.filter((invoice) => invoice.paid > 0);
  const payments = await Promise.all(paid.map(async (invoice: Invoice) => ({ invoice, payments: (await api.invoices.payments(invoice.id)).items })));
  return [
    ...invoices.map((invoice): Entry => ({
      at: invoice.issuedAt,
      kind: 'invoice',
      text: t('timeline.invoice', { number: invoice.number, total: formatMoney(invoice.total) }),
      href: `/invoices/${invoice.id}`,
      badge: invoiceBadge(invoice.status),
    })),
    ...payments.flatMap(({ invoice, payments }) =>
      payments.map((payment): Entry => ({
        at: payment.paidAt,
        kind: 'payment',
        text: t('timeline.payment', { amount: formatMoney(payment.amount), method: t(`payment.${payment.method}`), number: invoice.number }),
        href: `/invoices/${invoice.id}`,
      })),
    ),
  ];
}

async function entries(customerId: number): Promise<Entry[]> {
  const [vehicles, services, money] = await Promise.all([
    api.customers.vehicles(customerId, { limit: LIMIT }),
    api.services.list({ customerId, limit: LIMIT, sort: '-scheduledAt' }),
    keepsRecords() ? invoiceEntries(customerId) : [],
  ]);
  const all: Entry[] = [
    ...vehicles.items.map((v): Entry => ({ at: v.createdAt, kind: 'vehicle', text: t('timeline.vehicle', { plate: v.plateNumber, car: `${v.make} ${v.model}` }), href: `/vehicles/${v.id}` })),
    // A job stands at its completion once done, else at the time it is scheduled for.
    ...services.items.map((s): Entry => ({
      at: s.completedAt ?? s.scheduledAt,
      kind: 'service',
      text: t('timeline.service', { plate: s.vehicle.plateNumber, description: s.description }),
      href: `/services/${s.id}`,
      badge: statusBadge(s.status),
    })),
    ...money,
  ];
  return all.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

function entryItem(entry: Entry): HTMLElement {
  return h(
    'li',
    { 'data-kind': entry.kind },
    h('time', { datetime: entry.at }, formatDateTime(entry.at)),
    h('span', { class: 'kind' }, t(KIND[entry.kind])),
    h('span', {}, link(entry.href, entry.text), entry.badge ? [' ', entry.badge] : null),
  );
}

export function customerTimeline(customerId: number): HTMLElement {
  const body = h('div', {}, loading());
  const load = () => {
    replace(body, loading());
    entries(customerId).then(
      (list) => replace(body, list.length ? h('ol', { class: 'timeline', 'data-timeline': true }, list.map(entryItem)) : h('p', { class: 'empty' }, t('common.empty'))),
      (error: unknown) => replace(body, errorBox(explain(error), retryable(error) ? load : undefined)),
    );
  };
  load();
  return h('section', { 'aria-labelledby': 'timeline-heading' }, h('h2', { id: 'timeline-heading' }, t('customers.timeline')), body);
}
