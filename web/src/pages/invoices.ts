// Invoices for the front desk and owners: the list (by status, searchable by number, customer or
// plate), and one invoice as issued — its lines, tax and total never change — with what has been
// paid, what is still owed, a payment form, and for owners a void with its reason.

import { api } from '../api.ts';
import { h, replace, type Child } from '../dom.ts';
import { config } from '../config.ts';
import { formatDateTime, formatMoney, language, t } from '../i18n/index.ts';
import { type Params } from '../router.ts';
import { isOwner } from '../session.ts';
import type { Invoice, InvoiceStatus, PaymentMethod } from '../types.ts';
import { errorBox, explain, toast } from '../ui/feedback.ts';
import { formView, money, text } from '../ui/form.ts';
import { listView } from '../ui/list.ts';
import { details, header, link, loadingPage, notFoundPage } from './layout.ts';

const STATUSES: InvoiceStatus[] = ['issued', 'paid', 'void'];
const METHODS: PaymentMethod[] = ['cash', 'transfer', 'card', 'qris'];

export const invoiceBadge = (status: InvoiceStatus) => h('span', { class: `badge invoice-${status}`, 'data-invoice-status': status }, t(`invoice.${status}`));

export function invoiceList(): Node {
  return h(
    'div',
    {},
    header(t('invoices.title')),
    listView<Invoice>({
      caption: 'invoices.title',
      searchHint: 'invoices.searchHint',
      filters: ['status'],
      load: (query) => api.invoices.list(query),
      controls: (get, set) => [
        h('label', { for: 'filter-invoice-status' }, t('invoices.status')),
        h(
          'select',
          { id: 'filter-invoice-status', onchange: (e: Event) => set('status', (e.target as HTMLSelectElement).value) },
          h('option', { value: '' }, t('common.all')),
          STATUSES.map((s) => h('option', { value: s, selected: get('status') === s }, t(`invoice.${s}`))),
        ),
      ],
      columns: [
        { label: 'invoices.number', cell: (i) => link(`/invoices/${i.id}`, i.number) },
        { label: 'invoices.issuedAt', cell: (i) => formatDateTime(i.issuedAt) },
        { label: 'invoices.customer', cell: (i) => i.customer.name },
        { label: 'invoices.plate', cell: (i) => i.vehicle.plateNumber },
        { label: 'invoices.total', cell: (i) => formatMoney(i.total) },
        { label: 'invoices.balance', cell: (i) => formatMoney(i.balance) },
        { label: 'invoices.status', cell: (i) => invoiceBadge(i.status) },
      ],
    }),
  );
}

export function invoiceDetail({ id }: Params): Node {
  const number = /^[1-9]\d{0,15}$/.test(id ?? '') ? Number(id) : undefined;
  if (number === undefined) return notFoundPage();
  return loadingPage(async () => {
    const page = h('div', {});
    const show = async () => {
      const [invoice, payments] = await Promise.all([api.invoices.get(number), api.invoices.payments(number)]);
      replace(page, invoiceView(invoice, payments.items, show));
    };
    await show();
    return page;
  }, notFoundPage);
}

/** A phone number as wa.me wants it: digits only, an Indonesian 08… as 628…. */
export function whatsappNumber(phone: string | null): string | undefined {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits.length < 8) return undefined;
  return digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
}

/** The invoice told to its customer: to print on paper or a receipt printer, or to send by WhatsApp. */
function shareActions(invoice: Invoice): Child {
  const print = (paper: 'a4' | '80mm', label: 'invoices.printA4' | 'invoices.printReceipt') =>
    h('a', { href: `${config.apiBaseUrl}/api/invoices/${invoice.id}/print?lang=${language()}&paper=${paper}`, target: '_blank', rel: 'noopener', class: 'button secondary' }, t(label));
  const number = whatsappNumber(invoice.customer.phone);
  const message = t('invoices.whatsappText', { name: invoice.customer.name, number: invoice.number, plate: invoice.vehicle.plateNumber, total: formatMoney(invoice.total), balance: formatMoney(invoice.balance) });
  return h(
    'div',
    { class: 'actions share' },
    print('a4', 'invoices.printA4'),
    print('80mm', 'invoices.printReceipt'),
    number ? h('a', { href: `https://wa.me/${number}?text=${encodeURIComponent(message)}`, target: '_blank', rel: 'noopener', class: 'button secondary', 'data-whatsapp': true }, t('invoices.whatsapp')) : null,
  );
}

function invoiceView(invoice: Invoice, payments: { amount: number; method: PaymentMethod; paidAt: string; reference: string | null }[], refresh: () => Promise<void>): Child[] {
  const notice = h('div', {});
  const voidForm = h('div', {});
  const offerVoid = () =>
    replace(
      voidForm,
      formView({
        submitLabel: 'invoices.void',
        keepDraft: false,
        fields: [{ name: 'reason', label: 'invoices.voidReason', required: true, maxLength: 500 }],
        onSubmit: async (values) => {
          await api.invoices.void(invoice.id, values.reason!.trim());
          toast(t('invoices.voided'));
          await refresh();
        },
      }),
    );
  return [
    header(
      t('invoices.heading', { number: invoice.number }),
      invoiceBadge(invoice.status),
      link(`/services/${invoice.serviceId}`, t('invoices.service'), { class: 'button secondary' }),
      isOwner() && invoice.status !== 'void' ? h('button', { type: 'button', class: 'danger', onclick: offerVoid }, t('invoices.void')) : null,
    ),
    shareActions(invoice),
    notice,
    voidForm,
    details([
      [t('invoices.issuedAt'), formatDateTime(invoice.issuedAt)],
      [t('invoices.customer'), [invoice.customer.name, invoice.customer.phone ? h('span', {}, ' · ', h('a', { href: `tel:${invoice.customer.phone.replace(/[^\d+]/g, '')}` }, invoice.customer.phone)) : null]],
      [t('invoices.vehicle'), `${invoice.vehicle.plateNumber} · ${invoice.vehicle.make} ${invoice.vehicle.model}`],
      ...(invoice.voidReason ? [[t('invoices.voidReason'), invoice.voidReason] as [string, string]] : []),
    ]),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'lines' },
        h('caption', { class: 'visually-hidden' }, t('lines.title')),
        h('thead', {}, h('tr', {}, ['lines.description', 'lines.quantity', 'lines.unitPrice', 'lines.amount'].map((k) => h('th', { scope: 'col' }, t(k as 'lines.description'))))),
        h('tbody', {}, invoice.lines.map((line) => h('tr', {}, h('td', {}, line.description, line.partNumber ? ` · ${line.partNumber}` : ''), h('td', {}, String(line.quantity)), h('td', {}, formatMoney(line.unitPrice)), h('td', {}, formatMoney(line.amount))))),
      ),
    ),
    h(
      'dl',
      { class: 'details totals' },
      h('dt', {}, t('lines.subtotal')),
      h('dd', {}, formatMoney(invoice.subtotal)),
      h('dt', {}, t('lines.tax', { rate: String(Math.round(invoice.taxRate * 10_000) / 100) })),
      h('dd', {}, formatMoney(invoice.tax)),
      h('dt', {}, t('lines.total')),
      h('dd', { 'data-invoice-total': true }, formatMoney(invoice.total)),
      h('dt', {}, t('invoices.paid')),
      h('dd', { 'data-invoice-paid': true }, formatMoney(invoice.paid)),
      h('dt', {}, t('invoices.balance')),
      h('dd', { 'data-invoice-balance': true }, formatMoney(invoice.balance)),
    ),
    h('h2', {}, t('invoices.payments')),
    payments.length
      ? h('ul', { class: 'plain' }, payments.map((p) => h('li', {}, `${formatDateTime(p.paidAt)} — ${t(`payment.${p.method}`)} ${formatMoney(p.amount)}${p.reference ? ` (${p.reference})` : ''}`)))
      : h('p', { class: 'empty' }, t('invoices.noPayments')),
    invoice.status === 'issued'
      ? [
          h('h3', {}, t('invoices.recordPayment')),
          formView({
            submitLabel: 'invoices.pay',
            fields: [
              { name: 'amount', label: 'invoices.amount', type: 'money', required: true, value: '' },
              { name: 'method', label: 'invoices.method', type: 'select', value: 'cash', options: METHODS.map((m) => ({ value: m, label: t(`payment.${m}`) })) },
              { name: 'reference', label: 'invoices.reference', maxLength: 120 },
            ],
            onSubmit: async (values) => {
              await api.invoices.pay(invoice.id, { amount: money(values.amount, 'amount') ?? 0, method: values.method as PaymentMethod, reference: text(values.reference) });
              toast(t('invoices.paymentRecorded'));
              await refresh().catch((error: unknown) => replace(notice, errorBox(explain(error))));
            },
          }),
        ]
      : null,
  ];
}
