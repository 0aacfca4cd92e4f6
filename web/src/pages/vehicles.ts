import { api } from '../api.ts';
import { h } from '../dom.ts';
import { formatMoney, t } from '../i18n/index.ts';
import { navigate, type Params } from '../router.ts';
import type { Service, Vehicle } from '../types.ts';
import { toast } from '../ui/feedback.ts';
import { formView, number, requireChoice, text } from '../ui/form.ts';
import { listView, type Column } from '../ui/list.ts';
import { picker, type Choice } from '../ui/picker.ts';
import { deleteAction, details, header, link, loadingPage, recordPage } from './layout.ts';
import { serviceColumns } from './services.ts';
import { isOwner, keepsRecords } from '../session.ts';
import { vehicleReminders } from './reminders.ts';

export const vehicleColumns: Column<Vehicle>[] = [
  { label: 'vehicles.plateNumber', sort: 'plateNumber', cell: (v) => link(`/vehicles/${v.id}`, v.plateNumber) },
  { label: 'vehicles.make', sort: 'make', cell: (v) => v.make },
  { label: 'vehicles.model', sort: 'model', cell: (v) => v.model },
  { label: 'vehicles.year', sort: 'year', cell: (v) => v.year ?? '—' },
];

const customerChoices = async (q: string): Promise<Choice[]> =>
  (await api.customers.list({ q, limit: 10, sort: 'name' })).items.map((c) => ({ id: c.id, label: c.email ? `${c.name} (${c.email})` : c.name }));

export function vehicleList(_params: Params, query: URLSearchParams): Node {
  const owner = query.get('customerId');
  return h(
    'div',
    {},
    header(t('vehicles.title'), keepsRecords() ? link(`/vehicles/new${owner ? `?customerId=${owner}` : ''}`, t('vehicles.new'), { class: 'button' }) : null),
    listView<Vehicle>({
      caption: 'vehicles.title',
      searchHint: 'vehicles.searchHint',
      filters: ['customerId'],
      load: (q) => api.vehicles.list(q),
      // The list names each owner (a customer's own page lists theirs without it).
      columns: [...vehicleColumns, { label: 'vehicles.owner', sort: 'owner', cell: (v) => link(`/customers/${v.customerId}`, v.owner.name) }],
      controls: (_get, set) => [
        h('label', { for: 'owner-filter' }, t('vehicles.owner')),
        picker({ id: 'owner-filter', hint: t('vehicles.ownerHint'), search: customerChoices, onChoose: (choice) => set('customerId', choice ? String(choice.id) : '') }).element,
      ],
    }),
  );
}

export function vehicleDetail({ id }: Params): Node {
  return recordPage('vehicles', id, async (id) => {
    const vehicle = await api.vehicles.get(id);
    const [owner, history] = await Promise.all([api.customers.get(vehicle.customerId), api.vehicles.services(vehicle.id, { limit: 200, status: 'completed' })]);
    const spent = history.items.reduce((sum: number, s: Service) => sum + s.cost, 0);
    const removal = deleteAction({
      question: t('vehicles.confirmDelete', { plate: vehicle.plateNumber }),
      remove: () => api.vehicles.remove(vehicle.id),
      then: `/customers/${vehicle.customerId}`,
      dependants: 'errors.vehicleHasServices',
    });
    return h(
      'div',
      {},
      header(
        vehicle.plateNumber,
        isOwner() ? link(`/audit?entity=vehicle&entityId=${vehicle.id}`, t('audit.history'), { class: 'button secondary' }) : null,
        keepsRecords() ? [link(`/vehicles/${vehicle.id}/edit`, t('common.edit'), { class: 'button secondary' }), removal.button] : null,
      ),
      removal.notice,
      h('p', {}, link(`/customers/${owner.id}`, t('vehicles.ownedBy', { name: owner.name }))),
      details([
        [t('vehicles.make'), vehicle.make],
        [t('vehicles.model'), vehicle.model],
        [t('vehicles.year'), vehicle.year],
        [t('vehicles.color'), vehicle.color],
        [t('vehicles.vin'), vehicle.vin],
        [t('vehicles.mileage'), vehicle.mileage],
        [t('vehicles.totalSpent'), h('strong', { 'data-total-spent': true }, formatMoney(spent))],
      ]),
      keepsRecords() ? vehicleReminders(vehicle.id) : null,
      h('h2', {}, t('vehicles.history')),
      keepsRecords() ? link(`/services/new?vehicleId=${vehicle.id}`, t('vehicles.addService'), { class: 'button' }) : null,
      listView({
        caption: 'vehicles.history',
        searchHint: 'services.searchHint',
        syncUrl: false,
        load: (query) => api.vehicles.services(vehicle.id, { sort: '-scheduledAt', ...query }),
        columns: serviceColumns,
      }),
    );
  });
}

export function vehicleForm({ id }: Params, query: URLSearchParams): Node {
  const page = async (editing?: number) => {
    const vehicle = editing ? await api.vehicles.get(editing) : undefined;
    const ownerId = vehicle?.customerId ?? (Number(query.get('customerId')) || undefined);
    const owner = ownerId ? await api.customers.get(ownerId).catch(() => undefined) : undefined;
    const owners = picker({
      id: 'field-customerId',
      hint: t('vehicles.ownerHint'),
      search: customerChoices,
      ...(owner ? { initial: { id: owner.id, label: owner.name } } : {}),
    });
    return h(
      'div',
      {},
      header(t(editing ? 'vehicles.edit' : 'vehicles.new')),
      formView({
        submitLabel: 'common.save',
        cancelHref: editing ? `/vehicles/${id}` : owner ? `/customers/${owner.id}` : '/vehicles',
        fields: [
          { name: 'customerId', label: 'vehicles.owner', required: true, control: owners.element },
          { name: 'plateNumber', label: 'vehicles.plateNumber', required: true, value: vehicle?.plateNumber, maxLength: 20, attributes: { autocapitalize: 'characters' } },
          { name: 'make', label: 'vehicles.make', required: true, value: vehicle?.make, maxLength: 60 },
          { name: 'model', label: 'vehicles.model', required: true, value: vehicle?.model, maxLength: 60 },
          { name: 'year', label: 'vehicles.year', type: 'number', value: vehicle?.year?.toString() ?? '', attributes: { min: 1900, max: new Date().getFullYear() + 1 } },
          { name: 'color', label: 'vehicles.color', value: vehicle?.color ?? '', maxLength: 30 },
          { name: 'vin', label: 'vehicles.vin', value: vehicle?.vin ?? '', maxLength: 17, attributes: { autocapitalize: 'characters' } },
          { name: 'mileage', label: 'vehicles.mileage', type: 'number', value: vehicle?.mileage?.toString() ?? '', attributes: { min: 0 } },
        ],
        onSubmit: async (values) => {
          requireChoice(owners.value(), 'customerId', t('errors.unknownOwner'));
          const body = {
            customerId: owners.value() ?? 0,
            plateNumber: values.plateNumber ?? '',
            make: values.make ?? '',
            model: values.model ?? '',
            year: number(values.year),
            color: text(values.color),
            vin: text(values.vin),
            mileage: number(values.mileage),
          };
          const saved = editing ? await api.vehicles.update(editing, body) : await api.vehicles.create(body);
          toast(t('common.saved'));
          navigate(`/vehicles/${saved.id}`);
        },
      }),
    );
  };
  return id === undefined ? loadingPage(() => page()) : recordPage('vehicles', id, page);
}
