import { api } from '../api.ts';
import { h, replace } from '../dom.ts';
import { formatDateTime, formatMoney, moneyInput, t } from '../i18n/index.ts';
import { navigate, type Params } from '../router.ts';
import type { Line, LineKind, Service, ServiceStatus, Vehicle } from '../types.ts';
import { confirmAction, confirmWithNumber, explain, toast } from '../ui/feedback.ts';
import { formView, money, number, requireChoice, text } from '../ui/form.ts';
import { listView, type Column } from '../ui/list.ts';
import { picker, type Choice } from '../ui/picker.ts';
import { deleteAction, details, header, link, loadingPage, missingRecord, recordPage } from './layout.ts';
import { isOwner, keepsRecords } from '../session.ts';

const STATUSES: ServiceStatus[] = ['scheduled', 'in_progress', 'completed', 'cancelled'];

export const statusBadge = (status: ServiceStatus) => h('span', { class: `badge ${status}` }, t(`status.${status}`));

export const serviceColumns: Column<Service>[] = [
  { label: 'services.scheduledAt', sort: 'scheduledAt', cell: (s) => link(`/services/${s.id}`, formatDateTime(s.scheduledAt)) },
  { label: 'services.description', cell: (s) => s.description },
  { label: 'services.status', sort: 'status', cell: (s) => statusBadge(s.status) },
  { label: 'services.cost', sort: 'cost', cell: (s) => formatMoney(s.cost) },
];

/** How a vehicle is named wherever one is chosen or shown: plate, make and model. */
export const vehicleLabel = (v: Pick<Vehicle, 'plateNumber' | 'make' | 'model'>) => `${v.plateNumber} · ${v.make} ${v.model}`;

/** A phone number as a link that calls it (digits and a leading + only: `tel:` wants no punctuation). */
export const phoneLink = (phone: string, name: string) =>
  h('a', { href: `tel:${phone.replace(/[^\d+]/g, '')}`, 'aria-label': t('services.call', { name, phone }), 'data-call': true }, phone);

/** The services list says what the counter needs: the car and whose it is, besides the job. */
const serviceListColumns: Column<Service>[] = [
  serviceColumns[0]!,
  { label: 'vehicles.plateNumber', sort: 'vehicle', cell: (s) => h('span', { 'data-plate': true }, link(`/vehicles/${s.vehicleId}`, s.vehicle.plateNumber), h('span', { class: 'muted' }, ` · ${s.vehicle.make} ${s.vehicle.model}`)) },
  { label: 'services.customer', cell: (s) => link(`/customers/${s.vehicle.customerId}`, s.vehicle.customerName) },
  ...serviceColumns.slice(1),
];

const vehicleChoices = async (q: string): Promise<Choice[]> =>
  (await api.vehicles.list({ q, limit: 10, sort: 'plateNumber' })).items.map((v) => ({ id: v.id, label: vehicleLabel(v) }));

export function serviceList(): Node {
  const dateInput = (key: 'from' | 'to', get: (k: string) => string, set: (k: string, v: string) => void) => [
    h('label', { for: `filter-${key}` }, t(`services.${key}`)),
    h('input', { id: `filter-${key}`, type: 'date', value: get(key), onchange: (e: Event) => set(key, (e.target as HTMLInputElement).value) }),
  ];
  return h(
    'div',
    {},
    header(t('services.title'), keepsRecords() ? link('/services/new', t('services.new'), { class: 'button' }) : null),
    listView<Service>({
      caption: 'services.title',
      searchHint: 'services.searchHint',
      filters: ['status', 'from', 'to'],
      load: (query) => api.services.list({ sort: '-scheduledAt', ...query }),
      columns: serviceListColumns,
      controls: (get, set) => [
        h('label', { for: 'filter-status' }, t('services.status')),
        h(
          'select',
          { id: 'filter-status', onchange: (e: Event) => set('status', (e.target as HTMLSelectElement).value) },
          h('option', { value: '' }, t('common.all')),
          STATUSES.map((s) => h('option', { value: s, selected: get('status') === s }, t(`status.${s}`))),
        ),
        dateInput('from', get, set),
        dateInput('to', get, set),
      ],
    }),
  );
}

/** The legal next moves from a status (API.md), with their button texts and confirmations. */
const MOVES: Record<ServiceStatus, { to: ServiceStatus; label: 'services.start' | 'services.complete' | 'services.cancel'; confirm?: 'services.confirmComplete' | 'services.confirmCancel' }[]> = {
  scheduled: [
    { to: 'in_progress', label: 'services.start' },
    { to: 'cancelled', label: 'services.cancel', confirm: 'services.confirmCancel' },
  ],
  in_progress: [
    { to: 'completed', label: 'services.complete', confirm: 'services.confirmComplete' },
    { to: 'cancelled', label: 'services.cancel', confirm: 'services.confirmCancel' },
  ],
  completed: [],
  cancelled: [],
};

export function serviceDetail({ id }: Params): Node {
  return recordPage('services', id, async (id) => {
    // The service first: whether it exists (or the network works) decides what the page says.
    const service = await api.services.get(id);
    const [vehicle, lines, settings] = await Promise.all([api.vehicles.get(service.vehicleId), api.services.lines.list(id), api.settings.get()]);
    const page = h('div', {});
    const show = (current: Service) => replace(page, serviceView(current, vehicle, moved), invoiceAction(current), workView(current, lines.items, settings.taxRate, show));
    // The pressed button is gone with the old status: keyboard focus goes where work goes on, the
    // next move (Complete after Start work), or to the status itself once it is final.
    const moved = (updated: Service) => {
      show(updated);
      (page.querySelector<HTMLElement>('[data-move]') ?? page.querySelector<HTMLElement>('[data-status]'))?.focus();
    };
    show(service);
    return page;
  });
}

function serviceView(service: Service, vehicle: Vehicle, moved: (updated: Service) => void): Node[] {
  const notice = h('div', {});
  // Completing asks for the final mileage (what the vehicle's km and its reminders go by), sent
  // with the move in one PATCH: a mechanic may set both.
  const askMileage = () =>
    confirmWithNumber(t('services.confirmComplete'), { label: t('services.finalMileage'), hint: t('services.finalMileageHint'), value: service.mileage ?? vehicle.mileage, min: 0 });
  const move = async (to: ServiceStatus, confirm?: 'services.confirmComplete' | 'services.confirmCancel') => {
    let mileage: number | null | undefined;
    if (to === 'completed') {
      mileage = await askMileage();
      if (mileage === undefined) return;
    } else if (confirm && !(await confirmAction(t(confirm)))) return;
    try {
      const updated = await api.services.update(service.id, { status: to, ...(typeof mileage === 'number' ? { mileage } : {}) });
      toast(t('services.moved', { status: t(`status.${updated.status}`) }));
      moved(updated);
    } catch (error) {
      notice.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, explain(error)));
    }
  };
  const removal = deleteAction({
    question: t('services.confirmDelete'),
    remove: () => api.services.remove(service.id),
    then: `/vehicles/${service.vehicleId}`,
    className: 'secondary',
  });
  return [
    header(
      service.description,
      MOVES[service.status].map((m) => h('button', { type: 'button', class: m.to === 'cancelled' ? 'danger' : '', 'data-move': m.to, onclick: () => move(m.to, m.confirm) }, t(m.label))),
      isOwner() ? link(`/audit?entity=service&entityId=${service.id}`, t('audit.history'), { class: 'button secondary' }) : null,
      keepsRecords() || !FINAL.includes(service.status) ? link(`/services/${service.id}/edit`, t('common.edit'), { class: 'button secondary' }) : null,
      keepsRecords() ? removal.button : null,
    ),
    // Whose job it is, and a number to tap to call them.
    h(
      'p',
      { class: 'customer', 'data-customer': service.vehicle.customerId },
      t('services.customer'),
      ': ',
      link(`/customers/${service.vehicle.customerId}`, service.vehicle.customerName),
      service.vehicle.customerPhone ? [' · ', phoneLink(service.vehicle.customerPhone, service.vehicle.customerName)] : null,
    ),
    notice,
    removal.notice,
    details([
      [t('services.status'), h('span', { 'data-status': service.status, tabindex: -1 }, statusBadge(service.status))],
      [t('services.vehicle'), link(`/vehicles/${vehicle.id}`, vehicleLabel(vehicle))],
      [t('services.scheduledAt'), formatDateTime(service.scheduledAt)],
      [t('services.completedAt'), formatDateTime(service.completedAt)],
      [t('services.cost'), formatMoney(service.cost)],
      [t('services.mileage'), service.mileage],
      [t('services.mechanic'), service.mechanic],
    ]),
  ];
}

const FINAL: ServiceStatus[] = ['completed', 'cancelled'];

function mechanicForm(service: Service): Node {
  if (FINAL.includes(service.status)) return missingRecord('services', String(service.id));
  return h(
    'div',
    {},
    header(t('services.edit')),
    h('p', {}, service.description),
    formView({
      submitLabel: 'common.save',
      cancelHref: `/services/${service.id}`,
      fields: [
        { name: 'mileage', label: 'services.mileage', type: 'number', value: service.mileage?.toString() ?? '', attributes: { min: 0 } },
        { name: 'mechanic', label: 'services.mechanic', value: service.mechanic ?? '', maxLength: 120 },
      ],
      onSubmit: async (values) => {
        const saved = await api.services.update(service.id, { mileage: number(values.mileage), mechanic: text(values.mechanic) });
        toast(t('common.saved'));
        navigate(`/services/${saved.id}`);
      },
    }),
  );
}

/** Cents of an amount of at most 2 decimals, exactly (amounts come from the API as numbers). */
const toCents = (amount: number) => Math.round(amount * 100);
/** Tax on a subtotal, half-up to the cent, in integers (the rate to 4 decimals, as the API keeps it). */
export function taxCents(subtotalCents: number, taxRate: number): number {
  const rate = Math.round(taxRate * 10_000);
  return Math.floor((subtotalCents * rate + 5_000) / 10_000);
}

const KINDS: LineKind[] = ['part', 'labour', 'fee'];

/**
 * A completed service's invoice, for the front desk and owners: the link to its live invoice, or
 * the button that issues it (then the invoice page opens).
 */
function invoiceAction(service: Service): Node | null {
  if (service.status !== 'completed' || !keepsRecords()) return null;
  const slot = h('div', { class: 'invoice-action' });
  void api.invoices.list({ serviceId: service.id, limit: 10 }).then(
    (page) => {
      const live = page.items.find((invoice) => invoice.status !== 'void');
      if (live) return replace(slot, link(`/invoices/${live.id}`, t('invoices.open', { number: live.number }), { class: 'button' }));
      replace(
        slot,
        h('button', {
          type: 'button',
          onclick: async () => {
            try {
              const issued = await api.invoices.issue(service.id);
              navigate(`/invoices/${issued.id}`);
            } catch (error) {
              replace(slot, h('div', { class: 'notice error', role: 'alert' }, explain(error)));
            }
          },
        }, t('invoices.create')),
      );
    },
    (error: unknown) => replace(slot, h('div', { class: 'notice error', role: 'alert' }, explain(error))),
  );
  return slot;
}

/**
 * The job card's work: its lines (parts, labour hours, fees) with their amounts, and the totals
 * with tax as they change. Lines are added or removed while the service is open, by anyone who
 * works on it; the API computes every amount, this only adds them up for the totals' display.
 */
function workView(service: Service, lines: Line[], taxRate: number, show: (service: Service) => void): HTMLElement {
  const open = !FINAL.includes(service.status);
  const notice = h('div', {});
  const reload = async () => {
    const [updated, fresh] = await Promise.all([api.services.get(service.id), api.services.lines.list(service.id)]);
    lines.splice(0, lines.length, ...fresh.items);
    show(updated);
  };
  const subtotal = lines.reduce((sum, line) => sum + toCents(line.amount), 0);
  const tax = taxCents(subtotal, taxRate);
  const cents = (value: number) => formatMoney(value / 100);
  const table = lines.length
    ? h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'lines' },
          h('caption', { class: 'visually-hidden' }, t('lines.title')),
          h('thead', {}, h('tr', {}, ['lines.kind', 'lines.description', 'lines.quantity', 'lines.unitPrice', 'lines.amount'].map((k) => h('th', { scope: 'col' }, t(k as 'lines.kind'))), open ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('common.actions'))) : null)),
          h(
            'tbody',
            {},
            lines.map((line) =>
              h(
                'tr',
                {},
                h('td', { 'data-label': t('lines.kind') }, t(`lines.${line.kind}`)),
                h('td', { 'data-label': t('lines.description') }, line.description, line.partNumber ? h('span', { class: 'muted' }, ` · ${line.partNumber}`) : null),
                h('td', { 'data-label': t('lines.quantity') }, String(line.quantity)),
                h('td', { 'data-label': t('lines.unitPrice') }, formatMoney(line.unitPrice)),
                h('td', { 'data-label': t('lines.amount') }, formatMoney(line.amount)),
                open
                  ? h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': t('lines.removeNamed', { name: line.description }), onclick: async () => {
                      try {
                        await api.services.lines.remove(service.id, line.id);
                        await reload();
                      } catch (error) {
                        notice.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, explain(error)));
                      }
                    } }, t('lines.remove')))
                  : null,
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'empty' }, t('lines.none'));
  const totals = h(
    'dl',
    { class: 'details totals', 'data-totals': true },
    h('dt', {}, t('lines.subtotal')),
    h('dd', { 'data-subtotal': true }, cents(subtotal)),
    h('dt', {}, t('lines.tax', { rate: String(Math.round(taxRate * 10_000) / 100) })),
    h('dd', { 'data-tax': true }, cents(tax)),
    h('dt', {}, t('lines.total')),
    h('dd', { 'data-total': true }, cents(subtotal + tax)),
  );
  const form = open
    ? formView({
        submitLabel: 'lines.add',
        fields: [
          { name: 'kind', label: 'lines.kind', type: 'select', value: 'part', options: KINDS.map((k) => ({ value: k, label: t(`lines.${k}`) })) },
          { name: 'description', label: 'lines.description', required: true, maxLength: 500 },
          { name: 'partNumber', label: 'lines.partNumber', maxLength: 60 },
          { name: 'quantity', label: 'lines.quantity', type: 'number', required: true, value: '1', attributes: { min: 0.001, step: 0.001, inputmode: 'decimal' } },
          { name: 'unitPrice', label: 'lines.unitPrice', type: 'money', required: true, value: '' },
        ],
        onSubmit: async (values) => {
          await api.services.lines.create(service.id, {
            kind: values.kind as LineKind,
            description: values.description ?? '',
            partNumber: text(values.partNumber),
            quantity: number(values.quantity) ?? 0,
            unitPrice: money(values.unitPrice, 'unitPrice') ?? 0,
          });
          toast(t('lines.added'));
          await reload();
        },
      })
    : null;
  return h('section', { class: 'work' }, h('h2', {}, t('lines.title')), notice, table, lines.length ? totals : null, form ? [h('h3', {}, t('lines.new')), form] : null);
}

/** datetime-local wants local time without a zone; the API wants ISO with one. */
const toLocalInput = (iso: string) => {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function serviceForm({ id }: Params, query: URLSearchParams): Node {
  const page = async (editing?: number) => {
    const service = editing ? await api.services.get(editing) : undefined;
    // A mechanic records the work on an open service: its mileage and who did it, nothing else.
    if (service && !keepsRecords()) return mechanicForm(service);
    // A service with lines costs their sum: its cost is not typed in.
    const hasLines = editing ? (await api.services.lines.list(editing)).total > 0 : false;
    const vehicleId = service?.vehicleId ?? (Number(query.get('vehicleId')) || undefined);
    const vehicle = vehicleId ? await api.vehicles.get(vehicleId).catch(() => undefined) : undefined;
    const vehicles = picker({
      id: 'field-vehicleId',
      hint: t('services.vehicleHint'),
      search: vehicleChoices,
      ...(vehicle ? { initial: { id: vehicle.id, label: vehicleLabel(vehicle) } } : {}),
    });
    return h(
      'div',
      {},
      header(t(editing ? 'services.edit' : 'services.new')),
      formView({
        submitLabel: 'common.save',
        cancelHref: editing ? `/services/${id}` : vehicle ? `/vehicles/${vehicle.id}` : '/services',
        fields: [
          { name: 'vehicleId', label: 'services.vehicle', required: true, control: vehicles.element },
          { name: 'description', label: 'services.description', type: 'textarea', required: true, value: service?.description, maxLength: 2000 },
          { name: 'scheduledAt', label: 'services.scheduledAt', type: 'datetime-local', value: toLocalInput(service?.scheduledAt ?? new Date().toISOString()) },
          ...(hasLines ? [] : [{ name: 'cost', label: 'services.cost' as const, type: 'money' as const, value: moneyInput(service?.cost ?? 0) }]),
          { name: 'mileage', label: 'services.mileage', type: 'number', value: service?.mileage?.toString() ?? '', attributes: { min: 0 } },
          { name: 'mechanic', label: 'services.mechanic', value: service?.mechanic ?? '', maxLength: 120 },
        ],
        onSubmit: async (values) => {
          requireChoice(vehicles.value(), 'vehicleId', t('errors.unknownVehicle'));
          const scheduled = values.scheduledAt ? new Date(values.scheduledAt) : undefined;
          const body = {
            vehicleId: vehicles.value() ?? 0,
            description: values.description ?? '',
            ...(scheduled && !Number.isNaN(scheduled.getTime()) ? { scheduledAt: scheduled.toISOString() } : {}),
            ...(hasLines ? {} : { cost: money(values.cost, 'cost') ?? 0 }),
            mileage: number(values.mileage),
            mechanic: text(values.mechanic),
          };
          const saved = editing ? await api.services.update(editing, body) : await api.services.create(body);
          toast(t('common.saved'));
          navigate(`/services/${saved.id}`);
        },
      }),
    );
  };
  return id === undefined ? loadingPage(() => page()) : recordPage('services', id, page);
}
