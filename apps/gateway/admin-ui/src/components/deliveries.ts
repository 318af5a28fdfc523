import { apiData, ApiError, errorText } from '../api.js';
import { h } from '../dom.js';
import type { DeliveryEvent, DeliveryItem, DeliveryStatus } from '../types.js';
import { MessageSlot } from './feedback.js';

export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'failed', 'skipped'];
export const DELIVERY_EVENTS: DeliveryEvent[] = ['create', 'update', 'delete', 'sync_failed'];

/** The delivery status as a badge; its text is the API's value. */
export function deliveryBadge(status: DeliveryStatus): HTMLElement {
  return h('span', { class: `badge delivery-${status}`, title: status }, status);
}

/** What a delivery is about, for labels and messages: `update docs/a.md`, or `sync_failed`. */
export function deliveryLabel(d: Pick<DeliveryItem, 'event' | 'path'>): string {
  return d.path ? `${d.event} ${d.path}` : d.event;
}

/** Pending ones are on their way already; a skipped one was never sent (the API answers 409 to both). */
export function canRedeliver(d: Pick<DeliveryItem, 'status'>): boolean {
  return d.status === 'delivered' || d.status === 'failed';
}

/** A commit id shortened for a table, whole in the tooltip. */
export function shortSha(sha: string | null): Node {
  return sha ? h('span', { class: 'mono', title: sha }, sha.slice(0, 10)) : document.createTextNode('—');
}

/**
 * "Redeliver" for one delivery: POST /deliveries/:id/redeliver (admin) sends the same webhook (same webhook-id)
 * again, after the app's queued ones. The API's 409 reason (pending already, nothing ever sent, content gone) is
 * shown as it comes.
 */
export function redeliverButton(
  d: DeliveryItem,
  messages: MessageSlot,
  after: () => Promise<void>,
  opts: { small?: boolean } = {},
): HTMLButtonElement {
  const b = h(
    'button',
    {
      type: 'button',
      class: opts.small ? 'secondary small' : 'secondary',
      'aria-label': opts.small ? `Redeliver ${deliveryLabel(d)}` : null,
      disabled: !canRedeliver(d),
      title: canRedeliver(d) ? null : `A ${d.status} delivery cannot be sent again`,
    },
    'Redeliver',
  );
  b.addEventListener('click', () => {
    b.disabled = true;
    apiData<{ delivery_id: string; status: string }>(
      'POST',
      `/deliveries/${encodeURIComponent(d.delivery_id)}/redeliver`,
    )
      .then(async () => {
        messages.ok(`Redelivery queued: ${deliveryLabel(d)} will be sent again.`);
        await after();
      })
      .catch((e: unknown) => {
        messages.error(e instanceof ApiError && e.status === 404 ? 'Delivery not found' : errorText(e));
        if (b.isConnected) {
          b.disabled = false;
        }
      });
  });
  return b;
}
