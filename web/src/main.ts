// Boots the app: the shell (navigation, language switch), then the router fills <main>.

import { h } from './dom.ts';
import { language, onLanguageChange, setLanguage, t, type Language } from './i18n/index.ts';
import { customerDetail, customerForm, customerList } from './pages/customers.ts';
import { dashboard } from './pages/dashboard.ts';
import { notFoundPage } from './pages/layout.ts';
import { serviceDetail, serviceForm, serviceList } from './pages/services.ts';
import { vehicleDetail, vehicleForm, vehicleList } from './pages/vehicles.ts';
import { refresh, startRouter, type Route } from './router.ts';

/** A collection's four pages: list, new, detail, edit (the form serves both new and edit). */
const pages = (base: string, list: Route['render'], form: Route['render'], detail: Route['render']): Route[] => [
  { pattern: base, render: list },
  { pattern: `${base}/new`, render: form },
  { pattern: `${base}/:id`, render: detail },
  { pattern: `${base}/:id/edit`, render: form },
];

const routes: Route[] = [
  { pattern: '/', render: dashboard },
  ...pages('/customers', customerList, customerForm, customerDetail),
  ...pages('/vehicles', vehicleList, vehicleForm, vehicleDetail),
  ...pages('/services', serviceList, serviceForm, serviceDetail),
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
startRouter(routes, main, notFoundPage, renderShell);
