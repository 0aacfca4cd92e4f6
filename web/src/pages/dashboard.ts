import { api } from '../api.ts';
import { h } from '../dom.ts';
import { formatDateTime, formatMoney, t, type MessageKey } from '../i18n/index.ts';
import { startOfToday } from './today.ts';
import type { Service, ServiceStatus } from '../types.ts';
import { header, link, loadingPage } from './layout.ts';
import { statusBadge } from './services.ts';
import { isOwner, keepsRecords } from '../session.ts';

const card = (label: string, value: string, name: string) =>
  h('div', { class: 'card', 'data-stat': name }, h('p', { class: 'label' }, label), h('p', { class: 'value' }, value));

const serviceItems = (services: Service[]) =>
  services.length === 0
    ? h('p', { class: 'empty' }, t('common.empty'))
    : h('ul', { class: 'plain' }, services.map((s) => h('li', {}, link(`/services/${s.id}`, `${formatDateTime(s.scheduledAt)} — ${s.description}`), ' ', statusBadge(s.status))));

/**
 * The first screen of a workshop with no customers yet: where a new user starts (customer,
 * vehicle, service; an owner's staff), and `npm run demo` for a look at a workshop in full swing.
 */
function startPanel(): HTMLElement {
  const step = (href: string, label: MessageKey, hint: MessageKey) => h('li', {}, link(href, t(label)), h('p', { class: 'hint' }, t(hint)));
  return h(
    'section',
    { class: 'start', 'aria-labelledby': 'start-title', 'data-start': true },
    h('h2', { id: 'start-title' }, t('start.title')),
    h('p', {}, t('start.intro')),
    h(
      'ol',
      {},
      step('/customers/new', 'start.customer', 'start.customerHint'),
      step('/vehicles/new', 'start.vehicle', 'start.vehicleHint'),
      step('/services/new', 'start.service', 'start.serviceHint'),
      isOwner() ? step('/settings', 'start.settings', 'start.settingsHint') : null,
      isOwner() ? step('/users/new', 'start.staff', 'start.staffHint') : null,
    ),
    h('p', { class: 'hint' }, t('start.demo')),
    h('pre', {}, h('code', {}, 'npm run demo')),
  );
}

export function dashboard(): Node {
  return loadingPage(async () => {
    // The figures (money among them) are the front desk's and owners'; a mechanic sees the work.
    const [stats, upcoming, recent] = await Promise.all([
      keepsRecords() ? api.stats() : undefined,
      api.services.list({ status: 'scheduled', from: startOfToday().toISOString(), sort: 'scheduledAt', limit: 10 }),
      keepsRecords() ? api.services.list({ status: 'completed', sort: '-completedAt', limit: 5 }) : api.services.list({ status: 'in_progress', sort: 'scheduledAt', limit: 20 }),
    ]);
    const statuses: ServiceStatus[] = ['scheduled', 'in_progress', 'completed', 'cancelled'];
    if (stats && stats.customers === 0) return h('div', {}, header(t('dashboard.title')), startPanel());
    return h(
      'div',
      {},
      header(t('dashboard.title')),
      stats &&
      h(
        'section',
        { class: 'cards' },
        card(t('dashboard.customers'), String(stats.customers), 'customers'),
        card(t('dashboard.vehicles'), String(stats.vehicles), 'vehicles'),
        statuses.map((s) => card(t(`status.${s}`), String(stats.services[s]), s)),
        card(t('dashboard.revenue'), formatMoney(stats.revenue.completed), 'revenue'),
        card(t('dashboard.revenue30'), formatMoney(stats.revenue.last30Days), 'revenue30'),
      ),
      h('section', {}, h('h2', {}, t('dashboard.today')), serviceItems(upcoming.items)),
      h('section', {}, h('h2', {}, t(stats ? 'dashboard.recent' : 'dashboard.inProgress')), serviceItems(recent.items)),
    );
  });
}
