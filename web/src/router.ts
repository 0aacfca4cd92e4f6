// History routing: each page has its own URL, back/forward work, and a reload shows the same
// page (nginx answers every path with index.html). Links marked data-link navigate in place.

export type Params = Record<string, string>;

export interface Route {
  pattern: string;
  render: (params: Params, query: URLSearchParams) => Promise<Node> | Node;
}

interface Compiled extends Route {
  regex: RegExp;
  names: string[];
}

export function compile(routes: Route[]): Compiled[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { ...route, regex: new RegExp(`^${source}/?$`), names };
  });
}

export function match(routes: Compiled[], path: string): { route: Compiled; params: Params } | undefined {
  for (const route of routes) {
    const found = route.regex.exec(path);
    if (!found) continue;
    const params: Params = {};
    route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1]!)));
    return { route, params };
  }
  return undefined;
}

let renderCurrent: () => void = () => {};

const PAGE_READY = 'bengkel:page-ready';

/**
 * Tells the router that a page which loads its data has shown it (or its error): only then is
 * there a heading to focus and to name the tab after. Without this, focus fell to the top of
 * the document after every save.
 */
export function pageReady(page: Element): void {
  page.dispatchEvent(new Event(PAGE_READY, { bubbles: true }));
}

/** Names the tab after the page's heading and moves keyboard and screen-reader focus to it. */
function focusHeading(outlet: HTMLElement): void {
  const heading = outlet.querySelector('h1');
  if (!heading) return;
  document.title = `${heading.textContent} · Bengkel`;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
}

export function navigate(url: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  renderCurrent();
}

/** Re-renders the current page (after a language switch, say). */
export function refresh(): void {
  renderCurrent();
}

/** Renders the page for the current URL into `outlet`; `onRender` runs after each (the shell marks the current page). */
export function startRouter(routes: Route[], outlet: HTMLElement, notFound: () => Node, onRender: () => void = () => {}): void {
  const compiled = compile(routes);
  let generation = 0;
  renderCurrent = async () => {
    const mine = ++generation;
    const found = match(compiled, location.pathname);
    const page = found ? await found.route.render(found.params, new URLSearchParams(location.search)) : notFound();
    if (mine !== generation) return; // a newer navigation won
    outlet.replaceChildren(page);
    onRender();
    focusHeading(outlet);
    window.scrollTo(0, 0);
  };
  // A page still loading has no heading yet; it says when it has one (a stale page is detached and never reaches here).
  outlet.addEventListener(PAGE_READY, () => focusHeading(outlet));
  document.addEventListener('click', (event) => {
    const link = (event.target as Element).closest?.('a[data-link]') as HTMLAnchorElement | null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.origin !== location.origin) return;
    event.preventDefault();
    navigate(link.pathname + link.search);
  });
  window.addEventListener('popstate', () => renderCurrent());
  renderCurrent();
}
