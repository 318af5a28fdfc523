import { h } from '../dom.js';
import type { SubscriptionStatus } from '../types.js';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A timestamp as local date and time, with the exact ISO value in a <time> element. */
export function when(iso: string | null | undefined): Node {
  if (!iso) {
    return document.createTextNode('—');
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return document.createTextNode(iso);
  }
  return h(
    'time',
    { datetime: d.toISOString(), title: `${relative(d)} (${d.toISOString()})` },
    dateTime.format(d),
  );
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function relative(d: Date, now = new Date()): string {
  const s = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(s);
  if (abs < 60) {
    return RELATIVE.format(s, 'second');
  }
  if (abs < 3600) {
    return RELATIVE.format(Math.round(s / 60), 'minute');
  }
  if (abs < 86400) {
    return RELATIVE.format(Math.round(s / 3600), 'hour');
  }
  return RELATIVE.format(Math.round(s / 86400), 'day');
}

const STATUS_LABELS: Record<SubscriptionStatus, string> = {
  pending_snapshot: 'pending',
  scanning: 'scanning',
  synced: 'synced',
  failed: 'failed',
};

/** The subscription status as a coloured badge; the text is the API's value (`synced`, `failed`, …). */
export function statusBadge(status: SubscriptionStatus): HTMLElement {
  return h('span', { class: `badge status-${status}`, title: status }, STATUS_LABELS[status] ?? status);
}

export function circuitBadge(open: boolean): HTMLElement {
  return h('span', { class: open ? 'badge circuit-open' : 'badge circuit-closed' }, open ? 'open' : 'closed');
}

/** `1 subscription`, `2 subscriptions`; `count(2, 'delivery', 'deliveries')`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Long text (an error) cut for a table cell, the whole text in the tooltip. */
export function truncated(text: string | null | undefined, max = 120): Node {
  if (!text) {
    return document.createTextNode('—');
  }
  return text.length <= max
    ? h('span', { class: 'wrap' }, text)
    : h('span', { class: 'wrap', title: text }, `${text.slice(0, max - 1)}…`);
}

/** The page title, focusable so the router can move the focus to it, with actions beside it. */
export function pageHeader(title: string, ...actions: (Node | null)[]): HTMLElement {
  return h(
    'header',
    { class: 'page-header' },
    h('h1', { tabindex: '-1' }, title),
    h('div', { class: 'actions' }, actions),
  );
}

/** A "Refresh" button that re-runs `load`, showing it is busy meanwhile. */
export function refreshButton(load: () => Promise<void>): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  button.addEventListener('click', () => {
    button.disabled = true;
    void load().finally(() => (button.disabled = false));
  });
  return button;
}
