import { apiData, errorText, queryString } from '../api.js';
import { h, mount } from '../dom.js';
import { MessageSlot } from '../components/feedback.js';
import { pageHeader, when } from '../components/format.js';
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
import type { AppSummary, Page } from '../types.js';

const COLUMNS: Column<AppSummary>[] = [
  {
    label: 'App name',
    sortKey: 'app_name',
    render: (a) => h('a', { href: `/admin/apps/${encodeURIComponent(a.app_id)}` }, a.app_name),
  },
  { label: 'Base URL', render: (a) => h('span', { class: 'mono wrap' }, a.base_url) },
  { label: 'Repositories', sortKey: 'repository_count', className: 'num', render: (a) => a.repository_count },
  {
    label: 'Failed',
    sortKey: 'failed_notification_count',
    className: 'num',
    render: (a) =>
      a.failed_notification_count > 0
        ? h('span', { class: 'badge status-failed' }, String(a.failed_notification_count))
        : '0',
  },
  { label: 'Created', sortKey: 'created_at', render: (a) => when(a.created_at) },
];

/** Server-side search, sort and pagination, all kept in the URL (v1). */
export const appsListPage: PageDef = {
  path: '/apps',
  title: 'Apps',
  nav: { label: 'Apps', order: 20 },
  async render(ctx) {
    const state = listStateFrom(ctx.query);
    const messages = new MessageSlot();
    const list = h('div', { class: 'list' });
    let generation = 0;

    const load = async () => {
      const mine = ++generation;
      const params = listParams(state);
      ctx.setQuery(params);
      let page: Page<AppSummary>;
      try {
        page = await apiData<Page<AppSummary>>('GET', `/apps${queryString(params)}`, undefined, ctx.signal);
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
      mount(
        list,
        dataTable({
          caption: 'Apps',
          columns: COLUMNS,
          rows: page.data,
          empty: state.search ? `No app matches “${state.search}”` : 'No apps yet: onboard one.',
          sort: state.sort,
          onSort: (key) => {
            state.sort = nextSort(state.sort, key);
            state.page = 1;
            void load();
          },
        }),
        pager(page.pagination, state, () => void load()),
      );
    };

    mount(
      ctx.root,
      pageHeader('Apps', h('a', { class: 'button primary', href: '/admin/onboard' }, 'Onboard app')),
      searchBox('Search apps by name or URL', state.search, (text) => {
        state.search = text;
        state.page = 1;
        void load();
      }),
      messages.el,
      list,
    );
    await load();
  },
};
