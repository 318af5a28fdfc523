import { externalLink, h, mount } from '../dom.js';
import { bulkButton, resyncButton, retryButton, SubscriptionRef } from '../components/actions.js';
import { MessageSlot } from '../components/feedback.js';
import { circuitBadge, statusBadge, truncated, when } from '../components/format.js';
import { Column, dataTable } from '../components/table.js';
import type { AppDetail, RepositorySummary } from '../types.js';

export interface SubscriptionsEnv {
  signal: AbortSignal;
  reload: () => Promise<void>;
}

/**
 * The app's subscriptions with their state (status, circuit, retry_count, last_error) and actions: retry (failed
 * only) and re-sync per row, bulk retry of the failed ones and bulk re-sync of all, with progress and cancel.
 * `update` redraws the table and buttons from fresh data; a running bulk progress box is kept.
 */
export function subscriptionsSection(env: SubscriptionsEnv): {
  el: HTMLElement;
  update: (app: AppDetail) => void;
} {
  const messages = new MessageSlot();
  const buttons = h('div', { class: 'actions' });
  const progress = h('div', { class: 'progress-slot' });
  const table = h('div');
  const el = h(
    'section',
    { class: 'card', 'aria-labelledby': 'subscriptions-title' },
    h('div', { class: 'section-header' }, h('h2', { id: 'subscriptions-title' }, 'Subscriptions'), buttons),
    messages.el,
    progress,
    table,
  );

  const update = (app: AppDetail) => {
    const ref = (r: RepositorySummary): SubscriptionRef => ({
      app_id: app.app_id,
      repository_id: r.repository_id,
      label: `${r.owner}/${r.name}`,
    });
    const failed = app.repositories.filter((r) => r.status === 'failed').length;
    const bulkEnv = { slot: progress, messages, signal: env.signal, after: env.reload };
    mount(
      buttons,
      bulkButton(
        {
          label: `Retry all failed (${failed})`,
          kind: 'Bulk retry',
          path: `/retry/app/${encodeURIComponent(app.app_id)}`,
          confirmTitle: `Retry the ${failed} failed subscriptions of ${app.app_name}?`,
          confirmMessage: 'Each failed subscription resumes its deliveries from where it stopped.',
          disabled: failed === 0,
        },
        bulkEnv,
      ),
      bulkButton(
        {
          label: `Re-sync all (${app.repositories.length})`,
          kind: 'Bulk re-sync',
          path: `/resync/app/${encodeURIComponent(app.app_id)}`,
          confirmTitle: `Re-sync all ${app.repositories.length} repositories of ${app.app_name}?`,
          confirmMessage: 'ALL files of every repository will be sent to the app again, as creates.',
          danger: true,
          disabled: app.repositories.length === 0,
        },
        bulkEnv,
      ),
    );
    const columns: Column<RepositorySummary>[] = [
      {
        label: 'Repository',
        render: (r) => [
          externalLink(r.github_url, `${r.owner}/${r.name}`),
          h('span', { class: 'muted' }, ` (${r.branch})`),
        ],
      },
      { label: 'Status', render: (r) => statusBadge(r.status) },
      { label: 'Circuit', render: (r) => circuitBadge(r.circuit_open) },
      { label: 'Retries', className: 'num', render: (r) => r.retry_count },
      { label: 'Last error', render: (r) => truncated(r.last_error) },
      { label: 'Last scanned', render: (r) => when(r.last_scanned_at) },
      {
        label: 'Actions',
        render: (r) =>
          h(
            'div',
            { class: 'row-actions' },
            r.status === 'failed' ? retryButton(ref(r), messages, env.reload) : null,
            resyncButton(ref(r), messages, env.reload),
          ),
      },
    ];
    mount(
      table,
      dataTable({
        caption: `Subscriptions of ${app.app_name}`,
        columns,
        rows: app.repositories,
        empty: 'This app watches no repository yet.',
      }),
    );
  };
  return { el, update };
}
