import { apiData, errorText, queryString } from '../api.js';
import { Child, h, mount } from '../dom.js';
import { confirmDialog } from '../components/dialog.js';
import { MessageSlot } from '../components/feedback.js';
import { circuitBadge, count, when } from '../components/format.js';
import type { AppDeliveriesState, AppDeliveriesSummary, AppDetail } from '../types.js';

const REASONS: Record<string, string> = {
  admin: 'paused by an admin',
  gone: 'the endpoint answered 410 Gone',
};

const EMPTY: AppDeliveriesSummary = {
  paused: false,
  paused_reason: null,
  paused_at: null,
  queued_deliveries: 0,
  endpoint_circuit: 'closed',
  consecutive_failures: 0,
  circuit_open_until: null,
};

/** The state badge: `active`, or `paused` with why. */
function stateBadge(s: Pick<AppDeliveriesSummary, 'paused' | 'paused_reason'>): HTMLElement {
  return s.paused
    ? h('span', { class: 'badge status-failed', 'data-testid': 'deliveries-state' }, 'paused')
    : h('span', { class: 'badge status-synced', 'data-testid': 'deliveries-state' }, 'active');
}

function facts(s: AppDeliveriesSummary): HTMLElement {
  const row = (term: string, value: Child) => [h('dt', null, term), h('dd', null, value)];
  return h(
    'dl',
    { class: 'info' },
    row('State', stateBadge(s)),
    s.paused && s.paused_reason
      ? row('Reason', [
          h('span', { class: 'mono', 'data-testid': 'paused-reason' }, s.paused_reason),
          h('span', { class: 'muted' }, ` (${REASONS[s.paused_reason] ?? s.paused_reason})`),
        ])
      : null,
    s.paused ? row('Paused since', when(s.paused_at)) : null,
    row('Queued deliveries', h('span', { 'data-testid': 'queued-deliveries' }, String(s.queued_deliveries))),
    row('Endpoint circuit', [
      circuitBadge(s.endpoint_circuit === 'open'),
      s.endpoint_circuit === 'open'
        ? h('span', { class: 'muted' }, ' until ', when(s.circuit_open_until))
        : null,
      h('span', { class: 'muted' }, ` (${count(s.consecutive_failures, 'consecutive failure')})`),
    ]),
  );
}

/**
 * The app's outbound deliveries (SPEC §3): paused or active (and why: an admin, or a `410 Gone`), how many wait,
 * the endpoint circuit; Pause / Resume. A pause stops sending only: events keep accumulating and resume sends
 * them in order. The state the pause / resume call answered is shown at once, then the page reloads.
 */
export function deliveriesSection(env: { reload: () => Promise<void> }): {
  el: HTMLElement;
  update: (app: AppDetail) => void;
} {
  const messages = new MessageSlot();
  const body = h('div');
  const buttons = h('div', { class: 'actions' });
  const el = h(
    'section',
    { class: 'card', 'aria-labelledby': 'deliveries-title' },
    h('div', { class: 'section-header' }, h('h2', { id: 'deliveries-title' }, 'Deliveries'), buttons),
    messages.el,
    body,
  );
  let app: AppDetail | null = null;

  const act = async (button: HTMLButtonElement, action: 'pause' | 'resume') => {
    if (!app) {
      return;
    }
    const name = app.app_name;
    if (action === 'pause') {
      const ok = await confirmDialog({
        title: `Pause the deliveries of ${name}?`,
        message:
          'No webhook is sent to the app until you resume. Changes keep being recorded: nothing is lost, and ' +
          'resuming sends everything queued, in order.',
        confirmLabel: 'Pause deliveries',
      });
      if (!ok) {
        return;
      }
    }
    button.disabled = true;
    try {
      const s = await apiData<AppDeliveriesState>(
        'POST',
        `/apps/${encodeURIComponent(app.app_id)}/${action}`,
      );
      show({ ...(app?.deliveries ?? EMPTY), ...s });
      messages.ok(
        s.paused
          ? `Deliveries paused: ${count(s.queued_deliveries, 'delivery', 'deliveries')} queued.`
          : `Deliveries resumed: ${count(s.queued_deliveries, 'queued delivery', 'queued deliveries')} to send.`,
      );
      await env.reload();
    } catch (e) {
      messages.error(errorText(e));
    } finally {
      button.disabled = false;
    }
  };

  const show = (s: AppDeliveriesSummary) => {
    if (!app) {
      return;
    }
    app = { ...app, deliveries: s };
    mount(body, facts(s));
    const toggle = s.paused
      ? h('button', { type: 'button', class: 'primary' }, 'Resume deliveries')
      : h('button', { type: 'button', class: 'secondary' }, 'Pause deliveries');
    toggle.addEventListener('click', () => void act(toggle, s.paused ? 'resume' : 'pause'));
    mount(
      buttons,
      h(
        'a',
        { class: 'button secondary', href: `/admin/deliveries${queryString({ app_id: app.app_id })}` },
        'Delivery log',
      ),
      toggle,
    );
  };

  return {
    el,
    update: (a) => {
      app = a;
      show(a.deliveries);
    },
  };
}
