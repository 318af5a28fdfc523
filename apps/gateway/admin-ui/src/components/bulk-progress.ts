import { apiData, errorText } from '../api.js';
import { h } from '../dom.js';
import type { BulkOperationStarted, BulkProgress } from '../types.js';
import { count } from './format.js';

const POLL_MS = 2000; // v1: every 2 s (each poll counts against the per-address rate limit)

function summary(p: BulkProgress): string {
  return `${p.completed}/${p.total} completed (${p.succeeded} succeeded, ${p.failed} failed)`;
}

/** What a failed item names: the subscription (bulk retry / resync) or the delivery (bulk redeliver). */
function failedItem(e: BulkProgress['errors'][number]): string {
  return `${e.delivery_id ?? e.repository_id ?? e.app_id ?? '?'}: ${e.error}`;
}

/**
 * A running bulk operation (retry, resync, redeliver): progress bar, counts, Cancel. Polls GET
 * /retry/progress/:id until the operation finishes or is cancelled, then calls `onDone` (the page reloads its
 * data). Stops when the page is left. `unit` names what is counted (default: subscriptions).
 */
export function bulkProgress(
  label: string,
  started: Pick<BulkOperationStarted, 'operation_id' | 'total'>,
  opts: { signal: AbortSignal; onDone: () => void; unit?: [one: string, many: string] },
): HTMLElement {
  const [one, many] = opts.unit ?? ['subscription', 'subscriptions'];
  const bar = h('progress', { max: Math.max(started.total, 1), value: 0, 'aria-label': `${label} progress` });
  const text = h('p', { class: 'progress-text' }, `0/${started.total} completed`);
  const errors = h('ul', { class: 'progress-errors' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const box = h(
    'section',
    { class: 'bulk', 'aria-label': label, 'aria-live': 'polite' },
    h(
      'h3',
      null,
      `${label}: ${count(started.total, one, many)} `,
      h('span', { class: 'muted mono' }, started.operation_id),
    ),
    bar,
    text,
    cancel,
    errors,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  opts.signal.addEventListener('abort', () => clearTimeout(timer));

  const show = (p: BulkProgress) => {
    bar.max = Math.max(p.total, 1);
    bar.value = p.completed;
    errors.replaceChildren(...p.errors.slice(0, 5).map((e) => h('li', null, failedItem(e))));
  };
  const finish = (message: string) => {
    text.textContent = message;
    cancel.remove();
    opts.onDone();
  };
  const poll = async () => {
    try {
      const p = await apiData<BulkProgress>(
        'GET',
        `/retry/progress/${encodeURIComponent(started.operation_id)}`,
        undefined,
        opts.signal,
      );
      show(p);
      if (p.cancelled) {
        return finish(`Cancelled: ${summary(p)}`);
      }
      if (p.completed >= p.total) {
        return finish(`Finished: ${summary(p)}`);
      }
      text.textContent = summary(p);
    } catch (e) {
      if (opts.signal.aborted) {
        return;
      }
      text.textContent = `Progress unavailable: ${errorText(e)}`;
    }
    timer = setTimeout(() => void poll(), POLL_MS);
  };

  cancel.addEventListener('click', () => {
    cancel.disabled = true;
    apiData('POST', `/retry/cancel/${encodeURIComponent(started.operation_id)}`).then(
      () => (text.textContent = 'Cancelling…'),
      (e: unknown) => {
        cancel.disabled = false;
        text.textContent = `Cancel failed: ${errorText(e)}`;
      },
    );
  });
  void poll();
  return box;
}
