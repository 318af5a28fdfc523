import { apiData, errorText, queryString } from '../api.js';
import { externalLink, h, mount } from '../dom.js';
import { BulkAction, bulkButton, resyncButton, retryButton, SubscriptionRef } from '../components/actions.js';
import { MessageSlot } from '../components/feedback.js';
import { pageHeader, refreshButton, truncated, when } from '../components/format.js';
import {
  Column,
  dataTable,
  listParams,
  listStateFrom,
  nextSort,
  pager,
  searchBox,
} from '../components/table.js';
import type { PageDef } from '../router.js';
import type { FailedNotification, Page } from '../types.js';

const ref = (n: FailedNotification): SubscriptionRef => ({
  app_id: n.app_id,
  repository_id: n.repository_id,
  label: n.repository_name,
});

/** Bulk retry / re-sync of each app on the shown page (by app; "Retry all" covers every app). */
function byApp(rows: FailedNotification[], bulk: (a: BulkAction) => HTMLButtonElement): HTMLElement | null {
  const apps = new Map(rows.map((r) => [r.app_id, r.app_name]));
  if (apps.size === 0) {
    return null;
  }
  return h(
    'section',
    { class: 'card by-app', 'aria-labelledby': 'by-app-title' },
    h('h2', { id: 'by-app-title' }, 'By app'),
    h(
      'ul',
      null,
      [...apps].map(([appId, name]) =>
        h(
          'li',
          null,
          h('a', { href: `/admin/apps/${encodeURIComponent(appId)}` }, name),
          bulk({
            label: `Retry failed of ${name}`,
            kind: 'Bulk retry',
            path: `/retry/app/${encodeURIComponent(appId)}`,
            confirmTitle: `Retry every failed subscription of ${name}?`,
            confirmMessage: 'Each one resumes its deliveries from where it stopped.',
          }),
          bulk({
            label: `Re-sync all of ${name}`,
            kind: 'Bulk re-sync',
            path: `/resync/app/${encodeURIComponent(appId)}`,
            confirmTitle: `Re-sync every repository of ${name}?`,
            confirmMessage: 'ALL files of every repository will be sent to the app again, as creates.',
            danger: true,
          }),
        ),
      ),
    ),
  );
}

/** Failed subscriptions (v1 "notifications"): server-side search, sort, pagination; retry one, some or all. */
export const failedPage: PageDef = {
  path: '/notifications',
  title: 'Failed notifications',
  nav: { label: 'Failed notifications', order: 30 },
  async render(ctx) {
    const state = listStateFrom(ctx.query);
    const messages = new MessageSlot();
    const progress = h('div', { class: 'progress-slot' });
    const headerActions = h('div', { class: 'actions' });
    const list = h('div', { class: 'list' });
    let generation = 0;
    let shown = '';

    const load = async (): Promise<void> => {
      const mine = ++generation;
      const params = listParams(state);
      ctx.setQuery(params);
      let page: Page<FailedNotification>;
      try {
        page = await apiData('GET', `/notifications/failed${queryString(params)}`, undefined, ctx.signal);
      } catch (e) {
        if (!ctx.signal.aborted) {
          messages.error(errorText(e));
        }
        return;
      }
      if (mine !== generation) {
        return; // a newer search or sort answered first
      }
      messages.clearError();
      const json = JSON.stringify(page);
      if (json === shown) {
        return; // the 10 s refresh found nothing new: keep the page (and the keyboard focus) as it is
      }
      shown = json;
      const bulk = (a: BulkAction) =>
        bulkButton(a, { slot: progress, messages, signal: ctx.signal, after: load });
      mount(
        headerActions,
        refreshButton(load),
        // Retry all is not limited by the search: its count is only given for the unfiltered list.
        bulk({
          label: state.search ? 'Retry all' : `Retry all (${page.pagination.total})`,
          kind: 'Bulk retry',
          path: '/retry/all',
          confirmTitle: 'Retry every failed subscription?',
          confirmMessage: 'Every failed subscription, of every app, resumes its deliveries.',
          disabled: page.pagination.total === 0 && !state.search,
        }),
      );
      const columns: Column<FailedNotification>[] = [
        {
          label: 'Repository',
          sortKey: 'repository_name',
          render: (n) => externalLink(n.github_url, n.repository_name),
        },
        {
          label: 'App',
          sortKey: 'app_name',
          render: (n) => h('a', { href: `/admin/apps/${encodeURIComponent(n.app_id)}` }, n.app_name),
        },
        { label: 'Error', render: (n) => truncated(n.error_message) },
        { label: 'Retries', sortKey: 'retry_count', className: 'num', render: (n) => n.retry_count },
        { label: 'Failed at', sortKey: 'last_scanned_at', render: (n) => when(n.timestamp) },
        {
          label: 'Actions',
          render: (n) =>
            h(
              'div',
              { class: 'row-actions' },
              retryButton(ref(n), messages, load),
              resyncButton(ref(n), messages, load),
            ),
        },
      ];
      mount(
        list,
        dataTable({
          caption: 'Failed notifications',
          columns,
          rows: page.data,
          empty: state.search ? `Nothing failed matches “${state.search}”` : 'All notifications delivered.',
          sort: state.sort,
          onSort: (key) => {
            state.sort = nextSort(state.sort, key);
            state.page = 1;
            void load();
          },
        }),
        pager(page.pagination, state, () => void load()),
        byApp(page.data, bulk),
      );
    };

    mount(
      ctx.root,
      pageHeader('Failed notifications', headerActions),
      searchBox('Search by app, repository or error', state.search, (text) => {
        state.search = text;
        state.page = 1;
        void load();
      }),
      messages.el,
      progress,
      list,
    );
    await load();
    ctx.every(10_000, load);
  },
};
