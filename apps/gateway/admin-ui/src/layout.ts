import { h, mount } from './dom.js';
import { errorText } from './api.js';
import { errorBanner, notice, takeFlash } from './components/feedback.js';
import type { PageDef } from './router.js';
import { logout } from './session.js';

export interface ShellOptions {
  pages: PageDef[];
  /** The current path under /admin. */
  path: string;
  user: string;
  navigate(path: string): void;
}

function isActive(page: PageDef, path: string): boolean {
  return page.path === '/' ? path === '/' : path === page.path || path.startsWith(`${page.path}/`);
}

function docoraVersion(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="docora-version"]')?.content ?? '';
}

/** Sidebar (navigation from the page registry, who is logged in, log out) and the main area; returns the latter. */
export function renderShell(app: HTMLElement, opts: ShellOptions): HTMLElement {
  const nav = opts.pages
    .filter((p) => p.nav)
    .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0))
    .map((p) =>
      h(
        'li',
        null,
        h(
          'a',
          { href: `/admin${p.path}`, 'aria-current': isActive(p, opts.path) ? 'page' : null },
          p.nav?.label ?? p.title,
        ),
      ),
    );
  const problems = h('div', { class: 'messages' });
  const logoutButton = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onClick: () => {
        logout().then(
          () => opts.navigate('/login'),
          (e: unknown) => problems.replaceChildren(errorBanner(errorText(e))),
        );
      },
    },
    'Log out',
  );
  const version = docoraVersion();
  const sidebar = h(
    'aside',
    { class: 'sidebar' },
    h('p', { class: 'brand' }, 'Docora admin'),
    h('nav', { 'aria-label': 'Main' }, h('ul', null, nav)),
    h(
      'div',
      { class: 'who' },
      h('p', null, 'Logged in as ', h('strong', null, opts.user)),
      logoutButton,
      problems,
      version ? h('p', { class: 'version' }, `v${version}`) : null,
    ),
  );
  const flash = takeFlash();
  const main = h('main', { id: 'main' });
  mount(
    app,
    h('div', { class: 'shell' }, sidebar, h('div', { class: 'content' }, flash ? notice(flash) : null, main)),
  );
  return main;
}
