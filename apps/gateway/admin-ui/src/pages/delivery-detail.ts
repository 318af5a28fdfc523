import { apiData, ApiError, errorText } from '../api.js';
import { Child, h, mount } from '../dom.js';
import { deliveryBadge, deliveryLabel, redeliverButton } from '../components/deliveries.js';
import { MessageSlot, redrawOnChange } from '../components/feedback.js';
import { pageHeader, refreshButton, when } from '../components/format.js';
import { Column, dataTable } from '../components/table.js';
import type { PageDef } from '../router.js';
import type { DeliveryAttempt, DeliveryDetail } from '../types.js';

function info(d: DeliveryDetail): HTMLElement {
  const row = (term: string, value: Child) => [h('dt', null, term), h('dd', null, value)];
  const mono = (text: string | null) => (text ? h('span', { class: 'mono wrap' }, text) : '—');
  return h(
    'dl',
    { class: 'info' },
    row('Delivery ID (webhook-id)', mono(d.delivery_id)),
    row('App', h('a', { class: 'mono', href: `/admin/apps/${encodeURIComponent(d.app_id)}` }, d.app_id)),
    row('Repository', mono(d.repository_id)),
    row('Event', d.event),
    row('Path', mono(d.path)),
    row('Commit', mono(d.commit_sha)),
    row('Status', deliveryBadge(d.status)),
    row('Attempts', d.attempts),
    row('Last status code', d.last_status_code ?? '—'),
    row('Last error', d.last_error ? h('span', { class: 'wrap' }, d.last_error) : '—'),
    row('Created', when(d.created_at)),
    row('Last attempt', when(d.last_attempt_at)),
    row('Next attempt', when(d.next_attempt_at)),
    row('Delivered', when(d.delivered_at)),
  );
}

const ATTEMPT_COLUMNS: Column<DeliveryAttempt>[] = [
  { label: 'Attempt', className: 'num', render: (a) => a.attempt },
  { label: 'Chunk', render: (a) => (a.chunk_total > 1 ? `${a.chunk_index + 1} of ${a.chunk_total}` : '—') },
  { label: 'Started', render: (a) => when(a.started_at) },
  { label: 'Duration', className: 'num', render: (a) => `${a.duration_ms} ms` },
  {
    label: 'Result',
    render: (a) =>
      a.success
        ? h('span', { class: 'badge delivery-delivered' }, 'success')
        : h('span', { class: 'badge delivery-failed' }, 'failed'),
  },
  { label: 'Status code', className: 'num', render: (a) => a.status_code ?? '—' },
  {
    label: 'Response excerpt',
    render: (a) => (a.response_excerpt ? h('pre', { class: 'excerpt' }, a.response_excerpt) : '—'),
  },
  { label: 'Error', render: (a) => (a.error ? h('span', { class: 'wrap' }, a.error) : '—') },
  { label: 'Webhook ID', render: (a) => h('span', { class: 'mono wrap' }, a.webhook_id) },
];

/** One delivery with every attempt (oldest first): status code, duration, response excerpt, error; Redeliver. */
export const deliveryDetailPage: PageDef = {
  path: '/deliveries/:deliveryId',
  title: 'Delivery',
  async render(ctx) {
    const id = ctx.params.deliveryId;
    const messages = new MessageSlot();
    const crumbs = h(
      'p',
      { class: 'crumbs' },
      h('a', { href: '/admin/deliveries' }, 'Deliveries'),
      ' / ',
      id,
    );
    const get = () =>
      apiData<DeliveryDetail>('GET', `/deliveries/${encodeURIComponent(id)}`, undefined, ctx.signal);
    let d: DeliveryDetail;
    try {
      d = await get();
    } catch (e) {
      const missing = e instanceof ApiError && e.status === 404;
      mount(ctx.root, crumbs, pageHeader(missing ? 'Delivery not found' : 'Delivery'), messages.el);
      messages.error(errorText(e));
      return;
    }
    const actions = h('div', { class: 'actions' });
    const facts = h('section', { class: 'card', 'aria-label': 'Delivery details' });
    const attempts = h('section', { class: 'card', 'aria-labelledby': 'attempts-title' });
    const show = (fresh: DeliveryDetail) => {
      d = fresh;
      document.title = `${deliveryLabel(fresh)} · Docora admin`;
      mount(actions, refreshButton(reload), redeliverButton(fresh, messages, reload));
      mount(facts, info(fresh));
      mount(
        attempts,
        h('h2', { id: 'attempts-title' }, `Attempts (${fresh.attempts_log.length})`),
        dataTable({
          caption: 'Attempts, oldest first',
          columns: ATTEMPT_COLUMNS,
          rows: fresh.attempts_log,
          empty: 'Not sent yet.',
        }),
      );
    };
    const { draw, reload } = redrawOnChange({ fetch: get, show, messages, signal: ctx.signal });
    mount(
      ctx.root,
      crumbs,
      h('header', { class: 'page-header' }, h('h1', { tabindex: '-1' }, 'Delivery'), actions),
      messages.el,
      facts,
      attempts,
    );
    draw(d);
    // A pending one is being sent (or retried): follow it; a finished one changes only when redelivered.
    ctx.every(3_000, () => (d.status === 'pending' ? reload() : Promise.resolve()));
  },
};
