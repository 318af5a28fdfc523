import { errorText, setUnauthorizedHandler } from './api.js';
import { h, mount } from './dom.js';
import { errorBanner } from './components/feedback.js';
import { renderShell } from './layout.js';
import { currentUser, forgetSession } from './session.js';

/** Every client route lives under this prefix; /admin/api and /admin/assets belong to the server. */
export const BASE = '/admin';

/** What a page gets when it is shown. Everything it starts (fetches, polling) stops when `signal` aborts. */
export interface PageContext {
  params: Record<string, string>;
  query: URLSearchParams;
  signal: AbortSignal;
  /** The page's own element, empty when render starts. */
  root: HTMLElement;
  user: string | null;
  navigate(path: string, opts?: { replace?: boolean }): void;
  /** Records list state (page, sort, search) in the URL without showing the page again. */
  setQuery(values: Record<string, string | number | null | undefined>): void;
  /** Calls `fn` every `ms` while the page is shown, one call at a time. */
  every(ms: number, fn: () => Promise<void>): void;
}

/**
 * One page of the UI. Adding a page is one module exporting a PageDef plus one line in
 * pages/index.ts; the sidebar is built from the `nav` entries.
 */
export interface PageDef {
  /** Path under /admin, with `:name` parameters: '/apps/:appId'. */
  path: string;
  title: string;
  nav?: { label: string; order: number };
  /** Shown without a session (the login page) and without the sidebar. */
  public?: boolean;
  render(ctx: PageContext): void | Promise<void>;
}

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== got[i]) {
      return null;
    }
  }
  return params;
}

/** A path inside the UI (not its API or assets), relative to BASE, or null. */
export function clientPath(url: URL): string | null {
  if (url.origin !== location.origin) {
    return null;
  }
  const p = url.pathname;
  if (p !== BASE && !p.startsWith(`${BASE}/`)) {
    return null;
  }
  const rest = p.slice(BASE.length) || '/';
  return /^\/(api|assets)(\/|$)/.test(rest) ? null : rest;
}

export class Router {
  private readonly pages: PageDef[] = [];
  private leave: AbortController | null = null;

  constructor(private readonly app: HTMLElement) {}

  register(...pages: PageDef[]): this {
    this.pages.push(...pages);
    return this;
  }

  start(): void {
    setUnauthorizedHandler(() => {
      forgetSession();
      const here = this.here();
      if (!here.startsWith('/login')) {
        this.navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
      }
    });
    window.addEventListener('popstate', () => void this.route());
    document.addEventListener('click', (e) => this.onClick(e));
    void this.route();
  }

  navigate(path: string, opts: { replace?: boolean } = {}): void {
    const url = BASE + (path === '/' ? '/' : path);
    if (opts.replace) {
      history.replaceState(null, '', url);
    } else {
      history.pushState(null, '', url);
    }
    void this.route();
  }

  /** The current location relative to BASE, with its query. */
  private here(): string {
    return (clientPath(new URL(location.href)) ?? '/') + location.search;
  }

  private onClick(e: MouseEvent): void {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
      return;
    }
    const a = (e.target as Element | null)?.closest('a');
    if (!a || a.target || a.hasAttribute('download')) {
      return;
    }
    const url = new URL(a.href, location.href);
    const path = clientPath(url);
    if (path !== null) {
      e.preventDefault();
      this.navigate(path + url.search);
    }
  }

  private async route(): Promise<void> {
    this.leave?.abort();
    const leave = new AbortController();
    this.leave = leave;
    const path = clientPath(new URL(location.href)) ?? '/';
    let found: { page: PageDef; params: Record<string, string> } | null = null;
    for (const page of this.pages) {
      const params = match(page.path, path);
      if (params) {
        found = { page, params };
        break;
      }
    }
    const user = found?.page.public ? null : await currentUser().catch(() => null);
    if (leave.signal.aborted) {
      return;
    }
    if (!found?.page.public && !user) {
      this.navigate(`/login?next=${encodeURIComponent(this.here())}`, { replace: true });
      return;
    }
    const title = found?.page.title ?? 'Page not found';
    document.title = `${title} · Docora admin`;
    const root = found?.page.public
      ? this.bare()
      : renderShell(this.app, {
          pages: this.pages,
          path,
          user: user ?? '',
          navigate: (p) => this.navigate(p),
        });
    if (!found) {
      mount(root, h('h1', { tabindex: '-1' }, title), h('p', null, 'No admin page lives at this address.'));
      return;
    }
    await this.show(found.page, found.params, root, user, leave);
  }

  private bare(): HTMLElement {
    const main = h('main', { id: 'main', class: 'bare' });
    mount(this.app, main);
    return main;
  }

  private async show(
    page: PageDef,
    params: Record<string, string>,
    root: HTMLElement,
    user: string | null,
    leave: AbortController,
  ): Promise<void> {
    const ctx: PageContext = {
      params,
      query: new URLSearchParams(location.search),
      signal: leave.signal,
      root,
      user,
      navigate: (p, opts) => this.navigate(p, opts),
      setQuery: (values) => {
        const q = new URLSearchParams(location.search);
        for (const [k, v] of Object.entries(values)) {
          if (v === null || v === undefined || v === '') {
            q.delete(k);
          } else {
            q.set(k, String(v));
          }
        }
        const s = q.toString();
        history.replaceState(null, '', location.pathname + (s ? `?${s}` : ''));
      },
      every: (ms, fn) => {
        let busy = false;
        const timer = setInterval(() => {
          if (!busy) {
            busy = true;
            // A failed refresh keeps what is shown; the next one may succeed (a 401 still leads to the login).
            void fn()
              .catch(() => undefined)
              .finally(() => (busy = false));
          }
        }, ms);
        leave.signal.addEventListener('abort', () => clearInterval(timer));
      },
    };
    try {
      await page.render(ctx);
    } catch (e) {
      if (!leave.signal.aborted) {
        root.append(errorBanner(errorText(e)));
      }
    }
    // Tell keyboard and screen-reader users the page changed, unless the page put the focus somewhere itself.
    if (!leave.signal.aborted && !root.contains(document.activeElement)) {
      root.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    }
  }
}
