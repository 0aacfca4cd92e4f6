import { api } from '../api.ts';
import { h } from '../dom.ts';
import { formatDateTime, formatMoney, t } from '../i18n/index.ts';
import { navigate, refresh, type Params } from '../router.ts';
import type { Service, ServiceStatus, Vehicle } from '../types.ts';
import { confirmAction, explain, toast } from '../ui/feedback.ts';
import { formView, number, requireChoice, text } from '../ui/form.ts';
import { listView, type Column } from '../ui/list.ts';
import { picker, type Choice } from '../ui/picker.ts';
import { deleteAction, details, header, link, loadingPage } from './layout.ts';

const STATUSES: ServiceStatus[] = ['scheduled', 'in_progress', 'completed', 'cancelled'];

export const statusBadge = (status: ServiceStatus) => h('span', { class: `badge ${status}` }, t(`status.${status}`));

export const serviceColumns: Column<Service>[] = [
  { label: 'services.scheduledAt', sort: 'scheduledAt', cell: (s) => link(`/services/${s.id}`, formatDateTime(s.scheduledAt)) },
  { label: 'services.description', cell: (s) => s.description },
  { label: 'services.status', sort: 'status', cell: (s) => statusBadge(s.status) },
  { label: 'services.cost', sort: 'cost', cell: (s) => formatMoney(s.cost) },
];

/** How a vehicle is named wherever one is chosen or shown: plate, make and model. */
const vehicleLabel = (v: Vehicle) => `${v.plateNumber} · ${v.make} ${v.model}`;

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
    header(t('services.title'), link('/services/new', t('services.new'), { class: 'button' })),
    listView<Service>({
      caption: 'services.title',
      searchHint: 'services.searchHint',
      filters: ['status', 'from', 'to'],
      load: (query) => api.services.list({ sort: '-scheduledAt', ...query }),
      columns: serviceColumns,
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
  return loadingPage(async () => {
    const service = await api.services.get(Number(id));
    const vehicle = await api.vehicles.get(service.vehicleId);
    const notice = h('div', {});
    const move = async (to: ServiceStatus, confirm?: 'services.confirmComplete' | 'services.confirmCancel') => {
      if (confirm && !(await confirmAction(t(confirm)))) return;
      try {
        await api.services.update(service.id, { status: to });
        toast(t('common.saved'));
        refresh();
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
    return h(
      'div',
      {},
      header(
        service.description,
        MOVES[service.status].map((m) => h('button', { type: 'button', class: m.to === 'cancelled' ? 'danger' : '', onclick: () => move(m.to, m.confirm) }, t(m.label))),
        link(`/services/${service.id}/edit`, t('common.edit'), { class: 'button secondary' }),
        removal.button,
      ),
      notice,
      removal.notice,
      details([
        [t('services.status'), statusBadge(service.status)],
        [t('services.vehicle'), link(`/vehicles/${vehicle.id}`, vehicleLabel(vehicle))],
        [t('services.scheduledAt'), formatDateTime(service.scheduledAt)],
        [t('services.completedAt'), formatDateTime(service.completedAt)],
        [t('services.cost'), formatMoney(service.cost)],
        [t('services.mileage'), service.mileage],
        [t('services.mechanic'), service.mechanic],
      ]),
    );
  });
}

/** datetime-local wants local time without a zone; the API wants ISO with one. */
const toLocalInput = (iso: string) => {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function serviceForm({ id }: Params, query: URLSearchParams): Node {
  const editing = id !== undefined;
  return loadingPage(async () => {
    const service = editing ? await api.services.get(Number(id)) : undefined;
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
          { name: 'description', label: 'services.description', type: 'textarea', required: true, value: service?.description, attributes: { maxlength: 2000 } },
          { name: 'scheduledAt', label: 'services.scheduledAt', type: 'datetime-local', value: toLocalInput(service?.scheduledAt ?? new Date().toISOString()) },
          { name: 'cost', label: 'services.cost', type: 'number', value: String(service?.cost ?? 0), attributes: { min: 0, step: '0.01' } },
          { name: 'mileage', label: 'services.mileage', type: 'number', value: service?.mileage?.toString() ?? '', attributes: { min: 0 } },
          { name: 'mechanic', label: 'services.mechanic', value: service?.mechanic ?? '', attributes: { maxlength: 120 } },
        ],
        onSubmit: async (values) => {
          requireChoice(vehicles.value(), 'vehicleId', t('errors.unknownVehicle'));
          const scheduled = values.scheduledAt ? new Date(values.scheduledAt) : undefined;
          const body = {
            vehicleId: vehicles.value() ?? 0,
            description: values.description ?? '',
            ...(scheduled && !Number.isNaN(scheduled.getTime()) ? { scheduledAt: scheduled.toISOString() } : {}),
            cost: number(values.cost) ?? 0,
            mileage: number(values.mileage),
            mechanic: text(values.mechanic),
          };
          const saved = editing ? await api.services.update(Number(id), body) : await api.services.create(body);
          toast(t('common.saved'));
          navigate(`/services/${saved.id}`);
        },
      }),
    );
  });
}
