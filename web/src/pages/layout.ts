// Pieces every page uses: its heading with actions, links, and a loader for detail pages.

import { h, replace, type Child } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { confirmAction, errorBox, explain, loading, toast } from '../ui/feedback.ts';

export function header(title: string, ...actions: Child[]): HTMLElement {
  return h('header', { class: 'page-header' }, h('h1', {}, title), h('div', { class: 'actions' }, actions));
}

export function link(href: string, label: Child, attributes: Record<string, string> = {}): HTMLAnchorElement {
  return h('a', { href, 'data-link': true, ...attributes }, label);
}

/** A page whose content needs data: shows loading, then the content or an error with retry. */
export function loadingPage(load: () => Promise<Node>): HTMLElement {
  const container = h('div', {}, loading());
  const run = () => {
    replace(container, loading());
    load().then(
      (node) => replace(container, node),
      (error: unknown) => replace(container, h('h1', {}, '…'), errorBox(explain(error), run)),
    );
  };
  run();
  return container;
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
