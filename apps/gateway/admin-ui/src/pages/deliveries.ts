import { apiData, errorText, queryString } from '../api.js';
import { h, mount } from '../dom.js';
import { bulkProgress } from '../components/bulk-progress.js';
import { deliveryBadge, deliveryLabel, redeliverButton, shortSha } from '../components/deliveries.js';
import { confirmDialog } from '../components/dialog.js';
import { MessageSlot } from '../components/feedback.js';
import { count, pageHeader, refreshButton, truncated, when } from '../components/format.js';
import { Column, dataTable, pager } from '../components/table.js';
import type { PageContext, PageDef } from '../router.js';
import type { DeliveryItem, Page } from '../types.js';
import {
  DeliveryFilter,
  DeliveryListState,
  FILTER_KEYS,
  filterForm,
  filterParams,
  listStateFromQuery,
  loadApps,
} from './delivery-filters.js';

/** The filter in words, for the bulk confirmation: "status failed, app app_…", or "every delivery". */
function describe(f: DeliveryFilter): string {
  const parts = Object.entries(filterParams(f)).map(([k, v]) => `${k.replace('_', ' ')} ${v}`);
  return parts.length ? parts.join(', ') : 'no filter: every delivery of every app';
}

/**
 * POST /deliveries/redeliver with the page's filter: a dry run first gives the count ("N deliveries will be sent
 * again"), the confirmation starts the operation, whose progress (and Cancel) is shown in `slot`.
 */
async function bulkRedeliver(
  ctx: PageContext,
  state: DeliveryListState,
  env: { slot: HTMLElement; messages: MessageSlot; after: () => Promise<void> },
): Promise<void> {
  const filter = { ...state.filter };
  const body = filterParams(filter);
  const dry = await apiData<{ total: number }>('POST', '/deliveries/redeliver', { ...body, dry_run: true });
  if (dry.total === 0) {
    env.messages.ok('No delivery matches the filter: nothing to send again.');
    return;
  }
  const ok = await confirmDialog({
    title: `Redeliver ${count(dry.total, 'delivery', 'deliveries')}?`,
    message: [
      h(
        'p',
        { 'data-testid': 'redeliver-count' },
        `${count(dry.total, 'delivery', 'deliveries')} will be sent again`,
      ),
      h('p', { class: 'muted' }, `Filter: ${describe(filter)}.`),
      h('p', null, 'Receivers get each one again, with its original webhook-id.'),
    ],
    confirmLabel: `Redeliver ${dry.total}`,
    danger: true,
  });
  if (!ok) {
    return;
  }
  const started = await apiData<{ operation_id: string | null; total: number }>(
    'POST',
    '/deliveries/redeliver',
    body,
  );
  env.messages.clear();
  if (!started.operation_id || started.total === 0) {
    env.messages.ok('No delivery matched any more: nothing was sent again.');
    return;
  }
  mount(
    env.slot,
    bulkProgress(
      'Bulk redeliver',
      { operation_id: started.operation_id, total: started.total },
      { signal: ctx.signal, onDone: () => void env.after(), unit: ['delivery', 'deliveries'] },
    ),
  );
}

/**
 * The delivery log (SPEC §3): every webhook, newest first, filtered by app, repository, status, event and time
 * (all kept in the URL), paginated; each with its detail; Redeliver one, or all that match the filter.
 */
export const deliveriesPage: PageDef = {
  path: '/deliveries',
  title: 'Deliveries',
  nav: { label: 'Deliveries', order: 35 },
  async render(ctx) {
    const state = listStateFromQuery(ctx.query);
    const apps = await loadApps(ctx.signal);
    const names = new Map(apps.map((a) => [a.app_id, a.app_name]));
    const messages = new MessageSlot();
    const progress = h('div', { class: 'progress-slot' });
    const list = h('div', { class: 'list' });
    const summary = h('p', { class: 'muted', role: 'status', 'data-testid': 'deliveries-total' });
    let generation = 0;
    let shown = '';

    const load = async (): Promise<void> => {
      const mine = ++generation;
      // Every filter key, unset ones as null: the URL loses a filter that was cleared.
      const params = {
        ...Object.fromEntries(FILTER_KEYS.map((k) => [k, state.filter[k] || null])),
        page: state.page > 1 ? state.page : null,
        limit: state.limit !== 20 ? state.limit : null,
      };
      ctx.setQuery(params);
      let page: Page<DeliveryItem>;
      try {
        page = await apiData('GET', `/deliveries${queryString(params)}`, undefined, ctx.signal);
      } catch (e) {
        if (!ctx.signal.aborted && mine === generation) {
          messages.error(errorText(e));
        }
        return;
      }
      if (mine !== generation) {
        return; // a newer filter answered first
      }
      messages.clearError();
      const json = JSON.stringify(page);
      if (json === shown) {
        return; // the refresh found nothing new: keep the page (and the keyboard focus) as it is
      }
      shown = json;
      const total = page.pagination.total;
      summary.textContent = `${count(total, 'delivery', 'deliveries')} ${total === 1 ? 'matches' : 'match'}.`;
      const columns: Column<DeliveryItem>[] = [
        { label: 'Created', render: (d) => when(d.created_at) },
        {
          label: 'App',
          render: (d) => {
            const name = names.get(d.app_id);
            return h(
              'a',
              {
                class: name ? null : 'mono',
                href: `/admin/apps/${encodeURIComponent(d.app_id)}`,
                title: d.app_id,
              },
              name ?? d.app_id,
            );
          },
        },
        { label: 'Repository', render: (d) => h('span', { class: 'mono wrap' }, d.repository_id) },
        { label: 'Event', render: (d) => d.event },
        { label: 'Path', render: (d) => (d.path ? h('span', { class: 'mono wrap' }, d.path) : '—') },
        { label: 'Commit', render: (d) => shortSha(d.commit_sha) },
        { label: 'Status', render: (d) => deliveryBadge(d.status) },
        { label: 'Attempts', className: 'num', render: (d) => d.attempts },
        { label: 'Last code', className: 'num', render: (d) => d.last_status_code ?? '—' },
        { label: 'Last error', render: (d) => truncated(d.last_error, 80) },
        {
          label: 'Actions',
          render: (d) =>
            h(
              'div',
              { class: 'row-actions' },
              h(
                'a',
                {
                  class: 'button secondary small',
                  href: `/admin/deliveries/${encodeURIComponent(d.delivery_id)}`,
                  'aria-label': `Details of ${deliveryLabel(d)}`,
                },
                'Details',
              ),
              redeliverButton(d, messages, load, { small: true }),
            ),
        },
      ];
      const filtered = Object.keys(filterParams(state.filter)).length > 0;
      mount(
        list,
        dataTable({
          caption: 'Deliveries, newest first',
          columns,
          rows: page.data,
          empty: filtered ? 'No delivery matches the filter.' : 'No delivery yet.',
        }),
        pager(page.pagination, state, () => void load()),
      );
    };

    const bulk = h('button', { type: 'button', class: 'danger' }, 'Redeliver all matching');
    bulk.addEventListener('click', () => {
      bulk.disabled = true;
      bulkRedeliver(ctx, state, { slot: progress, messages, after: load })
        .catch((e: unknown) => messages.error(errorText(e)))
        .finally(() => (bulk.disabled = false));
    });

    mount(
      ctx.root,
      pageHeader('Deliveries', refreshButton(load), bulk),
      filterForm(state.filter, apps, ctx.signal, (filter) => {
        state.filter = filter;
        state.page = 1;
        void load();
      }),
      messages.el,
      progress,
      summary,
      list,
    );
    await load();
    ctx.every(10_000, load);
  },
};
