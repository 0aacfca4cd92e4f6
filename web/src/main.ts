// Boots the app: who is signed in (or the first run, or the sign-in page), the shell (navigation
// for the user's role, the user and sign-out, language switch), then the router fills <main>.
// When the API says the session has ended, the user signs in again and comes back to the page
// they were on, with what they had typed.

import { api, SIGNED_OUT } from './api.ts';
import { h } from './dom.ts';
import { language, onLanguageChange, setLanguage, t, type Language, type MessageKey } from './i18n/index.ts';
import { setupPage, signInPage, whenSignedIn } from './pages/account.ts';
import { customerDetail, customerForm, customerList } from './pages/customers.ts';
import { dataPage } from './pages/data.ts';
import { dashboard } from './pages/dashboard.ts';
import { invoiceDetail, invoiceList } from './pages/invoices.ts';
import { notFoundPage } from './pages/layout.ts';
import { duePage } from './pages/reminders.ts';
import { serviceDetail, serviceForm, serviceList } from './pages/services.ts';
import { settingsPage } from './pages/settings.ts';
import { auditLog, roleLabel, tokenList, userForm, userList } from './pages/staff.ts';
import { todayPage } from './pages/today.ts';
import { vehicleDetail, vehicleForm, vehicleList } from './pages/vehicles.ts';
import { navigate, refresh, startRouter, type Route } from './router.ts';
import { forgetDrafts, isOwner, keepsRecords, setSignedInUser, signedInUser, worksOnServices } from './session.ts';

/** Pages anyone may open; every other page needs someone signed in. */
const PUBLIC = ['/signin', '/setup'];

/** A page for the roles `allowed` says, else the not-found page (it is not offered to others). */
const only = (allowed: () => boolean, render: Route['render']): Route['render'] => (params, query) => (allowed() ? render(params, query) : notFoundPage());

/** A collection's four pages: list, new, detail, edit (the form serves both new and edit). */
const pages = (base: string, list: Route['render'], form: Route['render'], detail: Route['render'], edits = keepsRecords): Route[] => [
  { pattern: base, render: list },
  { pattern: `${base}/new`, render: only(keepsRecords, form) },
  { pattern: `${base}/:id`, render: detail },
  { pattern: `${base}/:id/edit`, render: only(edits, form) },
];

/** Sends someone not signed in to sign in (or to the first run), then back to `path`. */
async function toSignIn(path: string, { expired = false } = {}): Promise<void> {
  const next = path === '/' ? '' : `next=${encodeURIComponent(path)}`;
  const setup = await api.auth.setupNeeded().catch(() => false);
  const query = [next, expired ? 'expired=1' : ''].filter(Boolean).join('&');
  navigate(`${setup ? '/setup' : '/signin'}${query ? `?${query}` : ''}`, { replace: true });
}

const guarded = (render: Route['render']): Route['render'] => (params, query) => {
  if (signedInUser()) return render(params, query);
  void toSignIn(location.pathname + location.search);
  return h('p', { class: 'loading' }, t('common.loading'));
};

const routes: Route[] = [
  { pattern: '/signin', render: signInPage },
  { pattern: '/setup', render: setupPage },
  ...[
    { pattern: '/', render: dashboard },
    { pattern: '/today', render: todayPage },
    ...pages('/customers', customerList, customerForm, customerDetail),
    ...pages('/vehicles', vehicleList, vehicleForm, vehicleDetail),
    // A mechanic edits a service too: its mileage and mechanic (services.ts).
    ...pages('/services', serviceList, serviceForm, serviceDetail, worksOnServices),
    { pattern: '/due', render: only(keepsRecords, duePage) },
    { pattern: '/data', render: only(keepsRecords, dataPage) },
    { pattern: '/invoices', render: only(keepsRecords, invoiceList) },
    { pattern: '/invoices/:id', render: only(keepsRecords, invoiceDetail) },
    { pattern: '/users', render: only(isOwner, userList) },
    { pattern: '/users/new', render: only(isOwner, userForm) },
    { pattern: '/users/:id', render: only(isOwner, userForm) },
    { pattern: '/tokens', render: only(isOwner, tokenList) },
    { pattern: '/audit', render: only(isOwner, auditLog) },
    { pattern: '/settings', render: only(isOwner, settingsPage) },
  ].map((route) => ({ ...route, render: guarded(route.render) })),
];

async function signOut(): Promise<void> {
  await api.auth.signOut().catch(() => undefined);
  setSignedInUser(undefined);
  forgetDrafts();
  renderShell();
  navigate('/signin', { replace: true });
}

function navigation(): HTMLElement {
  const item = (href: string, key: MessageKey) => {
    const current = href === '/' ? location.pathname === '/' : location.pathname.startsWith(href);
    return h('li', {}, h('a', { href, 'data-link': true, 'aria-current': current ? 'page' : undefined }, t(key)));
  };
  const languages = h(
    'select',
    { id: 'language', onchange: (e: Event) => setLanguage((e.target as HTMLSelectElement).value as Language) },
    h('option', { value: 'en', selected: language() === 'en' }, 'English'),
    h('option', { value: 'id', selected: language() === 'id' }, 'Bahasa Indonesia'),
  );
  const user = signedInUser();
  // On a phone the pages, the language and the account fold behind one Menu button, so the
  // page itself starts at the top of the screen; on wider screens they are one bar.
  const menu = h(
    'div',
    { id: 'nav-menu', class: 'menu' },
    user
      ? h(
          'ul',
          {},
          item('/', 'nav.dashboard'),
          item('/today', 'nav.today'),
          item('/customers', 'nav.customers'),
          item('/vehicles', 'nav.vehicles'),
          item('/services', 'nav.services'),
          keepsRecords() ? [item('/due', 'nav.due'), item('/invoices', 'nav.invoices'), item('/data', 'nav.data')] : null,
          isOwner() ? [item('/users', 'nav.users'), item('/tokens', 'nav.tokens'), item('/audit', 'nav.audit'), item('/settings', 'nav.settings')] : null,
        )
      : null,
    h('div', { class: 'language' }, h('label', { for: 'language' }, t('nav.language')), languages),
    user
      ? h(
          'div',
          { class: 'account' },
          h('span', { class: 'who', 'data-user': user.email }, t('nav.signedInAs', { name: user.name, role: roleLabel(user.role) })),
          h('button', { type: 'button', class: 'secondary', onclick: () => void signOut() }, t('nav.signOut')),
        )
      : null,
  );
  const nav = h('nav', { class: 'top', 'aria-label': t('app.name') });
  const toggle = h('button', {
    type: 'button',
    class: 'menu-toggle secondary',
    'aria-expanded': 'false',
    'aria-controls': 'nav-menu',
    onclick: () => {
      const open = nav.classList.toggle('open');
      toggle.setAttribute('aria-expanded', String(open));
    },
  }, t('nav.menu'));
  nav.append(h('a', { href: '/', 'data-link': true, class: 'brand' }, t('app.name')), toggle, menu);
  return nav;
}

const shell = document.getElementById('shell')!;
const main = document.getElementById('main')!;
const renderShell = () => shell.replaceChildren(h('a', { href: '#main', class: 'skip' }, t('app.skip')), navigation());

// The API said the session is over: sign in again, then come back here.
window.addEventListener(SIGNED_OUT, () => {
  if (!signedInUser() || PUBLIC.includes(location.pathname)) return;
  setSignedInUser(undefined);
  renderShell();
  void toSignIn(location.pathname + location.search, { expired: true });
});
whenSignedIn(() => renderShell());

document.documentElement.lang = language();
setSignedInUser(await api.auth.me().then(({ user }) => user, () => undefined));
renderShell();
onLanguageChange(refresh);
startRouter(routes, main, notFoundPage, renderShell);
