import { Child, field, h } from '../dom.js';
import type { Page } from '../types.js';

export interface Column<T> {
  label: string;
  /** The API's sort_by value, when the column can be sorted. */
  sortKey?: string;
  render(row: T): Child;
  className?: string;
}

export interface SortState {
  by: string | null;
  order: 'asc' | 'desc' | null;
}

/** Sorting cycles ascending → descending → the list's default (v1). */
export function nextSort(current: SortState, key: string): SortState {
  if (current.by !== key || !current.order) {
    return { by: key, order: 'asc' };
  }
  return current.order === 'asc' ? { by: key, order: 'desc' } : { by: null, order: null };
}

function header<T>(col: Column<T>, sort?: SortState, onSort?: (key: string) => void): HTMLElement {
  if (!col.sortKey || !onSort) {
    return h('th', { scope: 'col', class: col.className }, col.label);
  }
  const key = col.sortKey;
  const active = sort?.by === key && sort.order ? sort.order : null;
  return h(
    'th',
    {
      scope: 'col',
      class: col.className,
      'aria-sort': active ? (active === 'asc' ? 'ascending' : 'descending') : null,
    },
    h(
      'button',
      { type: 'button', class: 'sort', onClick: () => onSort(key) },
      col.label,
      h(
        'span',
        { class: 'sort-mark', 'aria-hidden': 'true' },
        active === 'asc' ? ' ▲' : active === 'desc' ? ' ▼' : '',
      ),
    ),
  );
}

/** A data table with column headers, optional sortable columns and an empty state. */
export function dataTable<T>(opts: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  empty: string;
  sort?: SortState;
  onSort?: (key: string) => void;
}): HTMLElement {
  const body = opts.rows.length
    ? opts.rows.map((row) =>
        h(
          'tr',
          null,
          opts.columns.map((c) => h('td', { class: c.className }, c.render(row))),
        ),
      )
    : h('tr', null, h('td', { colspan: opts.columns.length, class: 'empty' }, opts.empty));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h('caption', { class: 'sr-only' }, opts.caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          opts.columns.map((c) => header(c, opts.sort, opts.onSort)),
        ),
      ),
      h('tbody', null, body),
    ),
  );
}

export const PAGE_SIZES = [5, 10, 20, 50, 100];

/** Previous / next, where we are, and the page size. */
export function pager(
  pagination: Page<unknown>['pagination'],
  /** The list's state: a new page, or a new page size (back to page 1), is written here before `reload`. */
  state: { page: number; limit: number },
  reload: () => void,
): HTMLElement {
  const { page, total_pages, total, limit } = pagination;
  const onPage = (p: number) => {
    state.page = p;
    reload();
  };
  const onLimit = (l: number) => {
    state.limit = l;
    state.page = 1;
    reload();
  };
  const size = h(
    'select',
    { onChange: (e: Event) => onLimit(Number((e.target as HTMLSelectElement).value)) },
    PAGE_SIZES.map((n) => h('option', { value: n, selected: n === limit }, String(n))),
  );
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pagination' },
    h(
      'button',
      { type: 'button', class: 'secondary', disabled: page <= 1, onClick: () => onPage(page - 1) },
      'Previous',
    ),
    h('span', { class: 'page-of' }, `Page ${page} of ${total_pages} (${total} in all)`),
    h(
      'button',
      { type: 'button', class: 'secondary', disabled: page >= total_pages, onClick: () => onPage(page + 1) },
      'Next',
    ),
    field('Rows per page', size),
  );
}

/** Server-side list state (v1: kept in the URL's query so a reload or a shared link shows the same list). */
export interface ListState {
  page: number;
  limit: number;
  sort: SortState;
  search: string;
}

export function listStateFrom(query: URLSearchParams): ListState {
  const page = Number(query.get('page'));
  const limit = Number(query.get('limit'));
  const order = query.get('sort_order');
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    limit: PAGE_SIZES.includes(limit) ? limit : 20,
    sort: {
      by: query.get('sort_by') || null,
      order: order === 'asc' || order === 'desc' ? order : null,
    },
    search: query.get('search') ?? '',
  };
}

/** The state as API (and URL) query parameters; defaults left out. */
export function listParams(s: ListState): Record<string, string | number | null> {
  return {
    page: s.page > 1 ? s.page : null,
    limit: s.limit !== 20 ? s.limit : null,
    sort_by: s.sort.by,
    sort_order: s.sort.by ? s.sort.order : null,
    search: s.search.trim() || null,
  };
}

/** A search box that reports its text 300 ms after the last keystroke (v1), or at once on Enter. */
export function searchBox(label: string, initial: string, onSearch: (text: string) => void): HTMLElement {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const input = h('input', { type: 'search', value: initial, autocomplete: 'off' });
  const fire = () => {
    clearTimeout(timer);
    onSearch(input.value);
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(fire, 300);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      fire();
    }
  });
  return h('div', { class: 'search', role: 'search' }, field(label, input));
}
