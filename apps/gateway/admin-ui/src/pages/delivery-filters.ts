import { apiData } from '../api.js';
import { field, h, uid } from '../dom.js';
import { DELIVERY_EVENTS, DELIVERY_STATUSES } from '../components/deliveries.js';
import { PAGE_SIZES } from '../components/table.js';
import type { AppDetail, AppSummary, Page } from '../types.js';

/** The delivery log's filter, as the API (and the page's URL) names it; '' is "any". */
export interface DeliveryFilter {
  app_id: string;
  repository_id: string;
  status: string;
  event: string;
  /** ISO-8601 instants (created_at range). */
  since: string;
  until: string;
}

export const FILTER_KEYS: (keyof DeliveryFilter)[] = [
  'app_id',
  'repository_id',
  'status',
  'event',
  'since',
  'until',
];

export interface DeliveryListState {
  filter: DeliveryFilter;
  page: number;
  limit: number;
}

export function listStateFromQuery(q: URLSearchParams): DeliveryListState {
  const v = (k: keyof DeliveryFilter) => q.get(k)?.trim() ?? '';
  const filter: DeliveryFilter = {
    app_id: v('app_id'),
    repository_id: v('repository_id'),
    status: v('status'),
    event: v('event'),
    since: v('since'),
    until: v('until'),
  };
  const page = Number(q.get('page'));
  const limit = Number(q.get('limit'));
  return {
    filter,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    limit: PAGE_SIZES.includes(limit) ? limit : 20,
  };
}

/** The filter's set values only: the API's query, the bulk body, and the URL. */
export function filterParams(f: DeliveryFilter): Record<string, string> {
  return Object.fromEntries(FILTER_KEYS.filter((k) => f[k] !== '').map((k) => [k, f[k]]));
}

/** `2026-03-01T10:30` (a datetime-local value, local time) ↔ an ISO instant. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) {
    return '';
  }
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}` +
    (d.getSeconds() ? `:${p(d.getSeconds())}` : '')
  );
}

function fromLocalInput(value: string): string {
  const d = new Date(value);
  return value && !Number.isNaN(d.getTime()) ? d.toISOString() : '';
}

function select(name: string, any: string, options: [string, string][], value: string): HTMLSelectElement {
  const el = h(
    'select',
    { name },
    h('option', { value: '' }, any),
    options.map(([v, label]) => h('option', { value: v }, label)),
  );
  if (value && !options.some(([v]) => v === value)) {
    el.append(h('option', { value }, value)); // a value from the URL the lists do not hold: still shown, still sent
  }
  el.value = value;
  return el;
}

/** Up to 100 apps by name, for the app filter and the names in the list; none when the list cannot be read. */
export function loadApps(signal: AbortSignal): Promise<AppSummary[]> {
  return apiData<Page<AppSummary>>(
    'GET',
    '/apps?limit=100&sort_by=app_name&sort_order=asc',
    undefined,
    signal,
  )
    .then((page) => page.data)
    .catch(() => []);
}

/**
 * The filter form: app (from the apps list), repository (typed, with the chosen app's repositories offered),
 * status, event, since / until (local time, sent as ISO). `onApply` gets the new filter on submit; Reset clears it.
 */
export function filterForm(
  initial: DeliveryFilter,
  apps: AppSummary[],
  signal: AbortSignal,
  onApply: (f: DeliveryFilter) => void,
): HTMLElement {
  const app = select(
    'app_id',
    'All apps',
    apps.map((a) => [a.app_id, `${a.app_name} (${a.app_id})`]),
    initial.app_id,
  );
  const repoList = h('datalist', { id: uid('repositories') });
  const repository = h('input', {
    name: 'repository_id',
    value: initial.repository_id,
    list: repoList.id,
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'repo_…',
  });
  const status = select(
    'status',
    'Any status',
    DELIVERY_STATUSES.map((s) => [s, s]),
    initial.status,
  );
  const event = select(
    'event',
    'Any event',
    DELIVERY_EVENTS.map((e) => [e, e]),
    initial.event,
  );
  const since = h('input', {
    name: 'since',
    type: 'datetime-local',
    step: 1,
    value: toLocalInput(initial.since),
  });
  const until = h('input', {
    name: 'until',
    type: 'datetime-local',
    step: 1,
    value: toLocalInput(initial.until),
  });

  const offerRepositories = () => {
    repoList.replaceChildren();
    if (!app.value) {
      return;
    }
    void apiData<AppDetail>('GET', `/apps/${encodeURIComponent(app.value)}`, undefined, signal)
      .then((a) =>
        repoList.replaceChildren(
          ...a.repositories.map((r) =>
            h('option', { value: r.repository_id }, `${r.owner}/${r.name} (${r.branch})`),
          ),
        ),
      )
      .catch(() => undefined);
  };
  app.addEventListener('change', offerRepositories);
  offerRepositories();

  const form = h(
    'form',
    { class: 'card filters', 'aria-label': 'Filter deliveries' },
    field('App', app),
    field('Repository ID', repository),
    repoList,
    field('Status', status),
    field('Event', event),
    field('Created since', since),
    field('Created until', until),
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onClick: () => {
            for (const el of [app, repository, status, event, since, until]) {
              el.value = '';
            }
            repoList.replaceChildren();
            onApply(read());
          },
        },
        'Reset',
      ),
    ),
  );
  const read = (): DeliveryFilter => ({
    app_id: app.value,
    repository_id: repository.value.trim(),
    status: status.value,
    event: event.value,
    since: fromLocalInput(since.value),
    until: fromLocalInput(until.value),
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onApply(read());
  });
  return form;
}
