import { apiData } from '../api.js';
import { h, mount } from '../dom.js';
import { pageHeader, refreshButton, relative } from '../components/format.js';
import type { PageDef } from '../router.js';
import type { OverviewMetrics } from '../types.js';

function card(label: string, testId: string, value: string, href: string, alert = false): HTMLElement {
  return h(
    'a',
    { class: alert ? 'card metric alert' : 'card metric', href, 'data-testid': testId },
    h('span', { class: 'metric-label' }, label),
    h('span', { class: 'metric-value' }, value),
  );
}

/** v1's four cards: apps, repositories, failed notifications (red above 0), queue waiting / active. */
export const overviewPage: PageDef = {
  path: '/',
  title: 'Overview',
  nav: { label: 'Overview', order: 10 },
  async render(ctx) {
    const cards = h('div', { class: 'cards' });
    const updated = h('p', { class: 'muted', role: 'status' });
    let updatedAt = new Date();
    const load = async () => {
      const m = await apiData<OverviewMetrics>('GET', '/overview', undefined, ctx.signal);
      mount(
        cards,
        card('Registered apps', 'total_apps', String(m.total_apps), '/admin/apps'),
        card('Monitored repositories', 'total_repositories', String(m.total_repositories), '/admin/apps'),
        card(
          'Failed notifications',
          'failed_notifications',
          String(m.failed_notifications),
          '/admin/notifications',
          m.failed_notifications > 0,
        ),
        card('Queue waiting / active', 'queue', `${m.queue_waiting} / ${m.queue_active}`, '/admin/queue'),
      );
      updatedAt = new Date();
      updated.textContent = `Updated ${relative(updatedAt)}`;
    };
    mount(ctx.root, pageHeader('Overview', refreshButton(load)), cards, updated);
    await load();
    ctx.every(10_000, load);
    ctx.every(5_000, () => {
      updated.textContent = `Updated ${relative(updatedAt)}`;
      return Promise.resolve();
    });
  },
};
