import { api } from '../api.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { navigate, type Params } from '../router.ts';
import type { Customer } from '../types.ts';
import { toast } from '../ui/feedback.ts';
import { formView, text } from '../ui/form.ts';
import { listView } from '../ui/list.ts';
import { deleteAction, details, header, link, loadingPage, recordPage } from './layout.ts';
import { customerTimeline } from './timeline.ts';
import { vehicleColumns } from './vehicles.ts';
import { isOwner, keepsRecords } from '../session.ts';

export function customerList(): Node {
  return h(
    'div',
    {},
    header(t('customers.title'), keepsRecords() ? link('/customers/new', t('customers.new'), { class: 'button' }) : null),
    listView<Customer>({
      caption: 'customers.title',
      searchHint: 'customers.searchHint',
      load: (query) => api.customers.list(query),
      columns: [
        { label: 'customers.name', sort: 'name', cell: (c) => link(`/customers/${c.id}`, c.name) },
        { label: 'customers.email', sort: 'email', cell: (c) => c.email ?? '—' },
        { label: 'customers.phone', cell: (c) => c.phone ?? '—' },
      ],
    }),
  );
}

export function customerDetail({ id }: Params): Node {
  return recordPage('customers', id, async (id) => {
    const customer = await api.customers.get(id);
    const removal = deleteAction({
      question: t('customers.confirmDelete', { name: customer.name }),
      remove: () => api.customers.remove(customer.id),
      then: '/customers',
      dependants: 'errors.customerHasVehicles',
    });
    return h(
      'div',
      {},
      header(
        customer.name,
        isOwner() ? link(`/audit?entity=customer&entityId=${customer.id}`, t('audit.history'), { class: 'button secondary' }) : null,
        keepsRecords() ? [link(`/customers/${customer.id}/edit`, t('common.edit'), { class: 'button secondary' }), removal.button] : null,
      ),
      removal.notice,
      details([
        [t('customers.email'), customer.email],
        [t('customers.phone'), customer.phone],
        [t('customers.address'), customer.address],
        [t('customers.notes'), customer.notes],
      ]),
      h('h2', {}, t('customers.vehicles')),
      keepsRecords() ? link(`/vehicles/new?customerId=${customer.id}`, t('customers.addVehicle'), { class: 'button' }) : null,
      listView({
        caption: 'customers.vehicles',
        searchHint: 'vehicles.searchHint',
        syncUrl: false,
        load: (query) => api.customers.vehicles(customer.id, query),
        columns: vehicleColumns,
      }),
      customerTimeline(customer.id),
    );
  });
}

export function customerForm({ id }: Params): Node {
  const page = async (editing?: number) => {
    const customer = editing ? await api.customers.get(editing) : undefined;
    return h(
      'div',
      {},
      header(t(editing ? 'customers.edit' : 'customers.new')),
      formView({
        submitLabel: 'common.save',
        cancelHref: editing ? `/customers/${id}` : '/customers',
        fields: [
          { name: 'name', label: 'customers.name', required: true, value: customer?.name, maxLength: 120, attributes: { autocomplete: 'name' } },
          { name: 'email', label: 'customers.email', type: 'email', value: customer?.email ?? '', maxLength: 254, attributes: { autocomplete: 'email' } },
          { name: 'phone', label: 'customers.phone', type: 'tel', value: customer?.phone ?? '', maxLength: 32, attributes: { autocomplete: 'tel' } },
          { name: 'address', label: 'customers.address', type: 'textarea', value: customer?.address ?? '', maxLength: 500 },
          { name: 'notes', label: 'customers.notes', type: 'textarea', value: customer?.notes ?? '', maxLength: 2000 },
        ],
        onSubmit: async (values) => {
          const body = { name: values.name ?? '', email: text(values.email), phone: text(values.phone), address: text(values.address), notes: text(values.notes) };
          const saved = editing ? await api.customers.update(editing, body) : await api.customers.create(body);
          toast(t('common.saved'));
          navigate(`/customers/${saved.id}`);
        },
      }),
    );
  };
  return id === undefined ? loadingPage(() => page()) : recordPage('customers', id, page);
}
