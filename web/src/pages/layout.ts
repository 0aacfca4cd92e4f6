// Pieces every page uses: its heading with actions, links, a loader for pages that need data,
// and the pages that say something is not there.

import { ApiError } from '../api.ts';
import { h, replace, type Child } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { navigate, pageReady } from '../router.ts';
import { confirmAction, errorBox, explain, loading, retryable, toast } from '../ui/feedback.ts';

export function header(title: string, ...actions: Child[]): HTMLElement {
  return h('header', { class: 'page-header' }, h('h1', {}, title), h('div', { class: 'actions' }, actions));
}

export function link(href: string, label: Child, attributes: Record<string, string> = {}): HTMLAnchorElement {
  return h('a', { href, 'data-link': true, ...attributes }, label);
}

/**
 * A page whose content needs data: shows loading, then the content or what went wrong; a retry
 * button only where trying again could help (network, overload). `missing` is shown instead when
 * the record is not there (404). Either way the router is told the page is ready (focus, title).
 */
export function loadingPage(load: () => Promise<Node>, missing?: () => Node): HTMLElement {
  const container = h('div', {}, loading());
  const run = () => {
    replace(container, loading());
    load().then(
      (node) => replace(container, node),
      (error: unknown) => {
        if (missing && error instanceof ApiError && error.status === 404) replace(container, missing());
        else replace(container, header(t('errors.loadFailed')), errorBox(explain(error), retryable(error) ? run : undefined));
      },
    ).finally(() => pageReady(container));
  };
  run();
  return container;
}

type Collection = 'customers' | 'vehicles' | 'services';
const MISSING: Record<Collection, { title: MessageKey; back: MessageKey }> = {
  customers: { title: 'missing.customer', back: 'missing.customers' },
  vehicles: { title: 'missing.vehicle', back: 'missing.vehicles' },
  services: { title: 'missing.service', back: 'missing.services' },
};

/** "Service 99999 does not exist", with the way back to its list: nothing to retry. */
export function missingRecord(collection: Collection, id: string): HTMLElement {
  return h('div', {}, header(t(MISSING[collection].title, { id })), h('p', {}, t('missing.hint')), h('p', {}, link(`/${collection}`, t(MISSING[collection].back))));
}

/**
 * The page of one record (its detail or its form): an id that is no record's (`/services/99999`,
 * or `/services/abc`, which the API is not even asked about) says that record does not exist.
 */
export function recordPage(collection: Collection, id: string | undefined, load: (id: number) => Promise<Node>): HTMLElement {
  const number = /^[1-9]\d{0,15}$/.test(id ?? '') ? Number(id) : undefined;
  if (number === undefined) return missingRecord(collection, id ?? '');
  return loadingPage(() => load(number), () => missingRecord(collection, id!));
}

/** An address that is no page of the app. */
export function notFoundPage(): HTMLElement {
  return h('div', {}, header(t('notFound.title')), h('p', {}, t('notFound.detail', { path: location.pathname })), h('p', {}, link('/', t('notFound.home'))));
}

export function details(rows: [string, Child][]): HTMLElement {
  return h('dl', { class: 'details' }, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]));
}

/**
 * A detail page's Delete button and the notice it explains a refusal in: confirm, delete, go to
 * `then`; or say why not (e.g. the dependants that block it).
 */
export function deleteAction(options: { question: string; remove: () => Promise<void>; then: string; dependants?: MessageKey; className?: string }) {
  const notice = h('div', {});
  const run = async () => {
    if (!(await confirmAction(options.question, t('common.delete')))) return;
    try {
      await options.remove();
      toast(t('common.deleted'));
      navigate(options.then);
    } catch (error) {
      notice.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, explain(error, options.dependants ? { dependants: options.dependants } : {})));
    }
  };
  return { button: h('button', { type: 'button', class: options.className ?? 'danger', onclick: run }, t('common.delete')), notice };
}
