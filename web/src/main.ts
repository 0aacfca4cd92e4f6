// Boots the app: the shell (navigation, language switch), then the router fills <main>.

import { h } from './dom.ts';
import { language, onLanguageChange, setLanguage, t, type Language } from './i18n/index.ts';
import { customerDetail, customerForm, customerList } from './pages/customers.ts';
import { dashboard } from './pages/dashboard.ts';
import { header } from './pages/layout.ts';
import { serviceDetail, serviceForm, serviceList } from './pages/services.ts';
import { vehicleDetail, vehicleForm, vehicleList } from './pages/vehicles.ts';
import { refresh, startRouter } from './router.ts';

const routes = [
  { pattern: '/', render: dashboard },
  { pattern: '/customers', render: customerList },
  { pattern: '/customers/new', render: customerForm },
  { pattern: '/customers/:id', render: customerDetail },
  { pattern: '/customers/:id/edit', render: customerForm },
  { pattern: '/vehicles', render: vehicleList },
  { pattern: '/vehicles/new', render: vehicleForm },
  { pattern: '/vehicles/:id', render: vehicleDetail },
  { pattern: '/vehicles/:id/edit', render: vehicleForm },
  { pattern: '/services', render: serviceList },
  { pattern: '/services/new', render: serviceForm },
  { pattern: '/services/:id', render: serviceDetail },
  { pattern: '/services/:id/edit', render: serviceForm },
];

function navigation(): HTMLElement {
  const item = (href: string, key: 'nav.dashboard' | 'nav.customers' | 'nav.vehicles' | 'nav.services') => {
    const current = href === '/' ? location.pathname === '/' : location.pathname.startsWith(href);
    return h('li', {}, h('a', { href, 'data-link': true, 'aria-current': current ? 'page' : undefined }, t(key)));
  };
  const languages = h(
    'select',
    { id: 'language', onchange: (e: Event) => setLanguage((e.target as HTMLSelectElement).value as Language) },
    h('option', { value: 'en', selected: language() === 'en' }, 'English'),
    h('option', { value: 'id', selected: language() === 'id' }, 'Bahasa Indonesia'),
  );
  return h(
    'nav',
    { class: 'top', 'aria-label': t('app.name') },
    h('a', { href: '/', 'data-link': true, class: 'brand' }, t('app.name')),
    h('ul', {}, item('/', 'nav.dashboard'), item('/customers', 'nav.customers'), item('/vehicles', 'nav.vehicles'), item('/services', 'nav.services')),
    h('div', { class: 'language' }, h('label', { for: 'language' }, t('nav.language')), languages),
  );
}

const shell = document.getElementById('shell')!;
const main = document.getElementById('main')!;
const renderShell = () => shell.replaceChildren(h('a', { href: '#main', class: 'skip' }, t('app.skip')), navigation());

document.documentElement.lang = language();
renderShell();
onLanguageChange(refresh);
startRouter(routes, main, () => h('div', {}, header('404'), h('p', {}, t('errors.notFound'))), renderShell);
