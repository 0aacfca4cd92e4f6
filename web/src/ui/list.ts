// A searchable, sortable, paginated list whose state lives in the URL (so a reload or a shared
// link shows the same page). Typing refreshes only the results, never the search box.

import type { Query } from '../api.ts';
import { h, replace, type Child } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import type { Page } from '../types.ts';
import { errorBox, explain, loading, retryable } from './feedback.ts';

export interface Column<T> {
  label: MessageKey;
  /** The API's sort field, if this column sorts. */
  sort?: string;
  cell: (item: T) => Child;
}

export interface ListOptions<T> {
  columns: Column<T>[];
  load: (query: Query) => Promise<Page<T>>;
  searchHint: MessageKey;
  /** false: no search box (a list the API does not search). */
  searchable?: boolean;
  /** Query keys (besides q, sort, offset) this list keeps in the URL, e.g. status. */
  filters?: string[];
  /** Extra controls that call `set` to change a filter. */
  controls?: (get: (key: string) => string, set: (key: string, value: string) => void) => Child;
  caption: MessageKey;
  /** Keep the URL in sync (top-level lists) or not (lists inside a detail page). */
  syncUrl?: boolean;
  limit?: number;
}

export function listView<T>(options: ListOptions<T>): HTMLElement {
  const state = new URLSearchParams(options.syncUrl === false ? '' : location.search);
  const limit = options.limit ?? 50;
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const get = (key: string) => state.get(key) ?? '';
  const set = (key: string, value: string, { resetOffset = true } = {}) => {
    if (value) state.set(key, value);
    else state.delete(key);
    if (resetOffset) state.delete('offset');
    if (options.syncUrl !== false) history.replaceState(null, '', `${location.pathname}${state.size ? `?${state}` : ''}`);
    void refresh();
  };

  async function refresh() {
    const mine = ++generation;
    replace(results, loading());
    const query: Query = { limit, offset: get('offset') || undefined, q: get('q') || undefined, sort: get('sort') || undefined };
    for (const key of options.filters ?? []) query[key] = get(key) || undefined;
    try {
      const page = await options.load(query);
      if (mine === generation) replace(results, table(page));
    } catch (error) {
      if (mine === generation) replace(results, errorBox(explain(error), retryable(error) ? () => void refresh() : undefined));
    }
  }

  function sortButton(column: Column<T>) {
    if (!column.sort) return t(column.label);
    const current = get('sort');
    const ascending = current === column.sort;
    const descending = current === `-${column.sort}`;
    return h(
      'button',
      { type: 'button', class: 'sort', onclick: () => set('sort', ascending ? `-${column.sort}` : column.sort!) },
      t(column.label),
      h('span', { 'aria-hidden': 'true' }, ascending ? ' ▲' : descending ? ' ▼' : ''),
    );
  }

  function table(page: Page<T>): Node {
    if (page.items.length === 0) {
      const q = get('q');
      return h('p', { class: 'empty' }, q ? t('common.noMatch', { q }) : t('common.empty'));
    }
    const sortState = (column: Column<T>) => {
      const current = get('sort');
      if (!column.sort) return undefined;
      return current === column.sort ? 'ascending' : current === `-${column.sort}` ? 'descending' : 'none';
    };
    const from = page.offset + 1;
    const to = page.offset + page.items.length;
    return h(
      'div',
      {},
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h('caption', { class: 'visually-hidden' }, t(options.caption)),
          h('thead', {}, h('tr', {}, options.columns.map((column) => h('th', { scope: 'col', 'aria-sort': sortState(column) }, sortButton(column))))),
          h('tbody', {}, page.items.map((item) => h('tr', {}, options.columns.map((column) => h('td', { 'data-label': t(column.label) }, column.cell(item)))))),
        ),
      ),
      h(
        'nav',
        { class: 'pager', 'aria-label': t(options.caption) },
        h('button', { type: 'button', disabled: page.offset === 0, onclick: () => set('offset', String(Math.max(0, page.offset - limit)), { resetOffset: false }) }, t('common.previous')),
        h('span', {}, t('common.pageOf', { from, to, total: page.total })),
        h('button', { type: 'button', disabled: to >= page.total, onclick: () => set('offset', String(page.offset + limit), { resetOffset: false }) }, t('common.next')),
      ),
    );
  }

  const search = h('input', {
    type: 'search',
    id: `search-${options.caption}`,
    value: get('q'),
    placeholder: t(options.searchHint),
    oninput: (event: Event) => {
      clearTimeout(timer);
      const value = (event.target as HTMLInputElement).value;
      timer = setTimeout(() => set('q', value.trim()), 250);
    },
  });
  const view = h(
    'section',
    { class: 'list' },
    h(
      'div',
      { class: 'toolbar', role: 'search' },
      options.searchable === false ? null : [h('label', { for: `search-${options.caption}` }, t('common.search')), search],
      options.controls?.(get, (key, value) => set(key, value)),
    ),
    results,
  );
  void refresh();
  return view;
}

