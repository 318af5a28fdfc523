import { apiData } from '../api.js';
import { field, h, mount } from '../dom.js';
import { pageHeader, refreshButton, when } from '../components/format.js';
import { Column, dataTable } from '../components/table.js';
import type { PageDef } from '../router.js';
import type { QueueJob, QueueStatus } from '../types.js';

const COUNTS: [keyof QueueStatus['status'], string][] = [
  ['active', 'Active'],
  ['waiting', 'Waiting'],
  ['delayed', 'Delayed'],
  ['completed', 'Completed'],
  ['failed', 'Failed'],
];

const COLUMNS: Column<QueueJob>[] = [
  { label: 'Repository', render: (j) => j.repository_name ?? j.repository_id ?? '—' },
  { label: 'Branch', render: (j) => j.branch ?? '—' },
  { label: 'Status', render: (j) => h('span', { class: `badge job-${j.status}` }, j.status) },
  { label: 'Created', render: (j) => when(j.created_at) },
  { label: 'Started', render: (j) => when(j.processed_on) },
  { label: 'Job ID', render: (j) => h('span', { class: 'mono wrap' }, j.id) },
];

/** The scan queue: counts per state and the current jobs, filtered here in the page (v1). */
export const queuePage: PageDef = {
  path: '/queue',
  title: 'Queue',
  nav: { label: 'Queue', order: 40 },
  async render(ctx) {
    const cards = h('div', { class: 'cards' });
    const table = h('div');
    const search = h('input', { type: 'search', autocomplete: 'off' });
    const status = h(
      'select',
      null,
      h('option', { value: '' }, 'All'),
      ['active', 'waiting', 'delayed'].map((s) => h('option', { value: s }, s)),
    );
    let last: QueueStatus | null = null;

    const draw = () => {
      if (!last) {
        return;
      }
      const text = search.value.trim().toLowerCase();
      const rows = last.jobs.filter(
        (j) =>
          (!status.value || j.status === status.value) &&
          (!text || `${j.repository_name ?? ''} ${j.branch ?? ''} ${j.id}`.toLowerCase().includes(text)),
      );
      mount(
        table,
        dataTable({
          caption: 'Current jobs',
          columns: COLUMNS,
          rows,
          empty: last.jobs.length ? 'No job matches.' : 'The queue is idle.',
        }),
      );
    };
    const load = async () => {
      last = await apiData<QueueStatus>('GET', '/queue', undefined, ctx.signal);
      const counts = last.status;
      mount(
        cards,
        COUNTS.map(([key, label]) =>
          h(
            'div',
            {
              class: key === 'failed' && counts.failed > 0 ? 'card metric alert' : 'card metric',
              'data-testid': `queue-${key}`,
            },
            h('span', { class: 'metric-label' }, label),
            h('span', { class: 'metric-value' }, String(counts[key])),
          ),
        ),
      );
      draw();
    };
    search.addEventListener('input', draw);
    status.addEventListener('change', draw);

    mount(
      ctx.root,
      pageHeader('Queue', refreshButton(load)),
      cards,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'jobs-title' },
        h('h2', { id: 'jobs-title' }, 'Current jobs'),
        h('div', { class: 'filters' }, field('Search jobs', search), field('Status', status)),
        table,
      ),
    );
    await load();
    ctx.every(10_000, load);
  },
};
