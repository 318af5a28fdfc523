import { apiData, errorText } from '../api.js';
import { field, h, mount } from '../dom.js';
import { MessageSlot } from '../components/feedback.js';
import { keyInput } from '../components/key-input.js';
import { when } from '../components/format.js';
import type { AppDetail, RotatedClientKey } from '../types.js';

const UNITS: Record<string, number> = { hours: 3600, seconds: 1 };

/** What the grace period means now: until when the replaced key also signs. */
function graceText(until: string | null): Node {
  return until
    ? h(
        'p',
        { 'data-testid': 'previous-key-expires' },
        'The previous key also signs until ',
        when(until),
        '.',
      )
    : h('p', { class: 'muted', 'data-testid': 'previous-key-expires' }, 'Only the current key signs.');
}

/**
 * POST /admin/api/apps/:appId/client-key: a new client_auth_key (typed in, hidden unless shown) and a grace
 * period during which the replaced key also signs (Standard Webhooks header; SPEC §4.2). The key is never read
 * back: the API does not give it out. Its 400 (key length, grace out of range) and 409 (the current key) reasons
 * are shown as they come.
 */
export function clientKeyForm(initial: AppDetail): { el: HTMLElement; update: (app: AppDetail) => void } {
  let app = initial;
  const messages = new MessageSlot();
  const key = keyInput('New client auth key', 'At least 16 characters. Give it to the app yourself.');
  // No max: the API's range (up to 30 days) and its message decide, so what is refused is said the same way.
  const grace = h('input', { name: 'grace', type: 'number', min: 0, step: 1, value: 24, required: true });
  const unit = h(
    'select',
    { name: 'grace_unit' },
    Object.keys(UNITS).map((u) => h('option', { value: u, selected: u === 'hours' }, u)),
  );
  const state = h('div', { class: 'grace-state' }, graceText(app.previous_key_expires_at));
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Rotate client key');
  const form = h(
    'form',
    { class: 'client-key' },
    state,
    messages.el,
    key.el,
    h(
      'div',
      { class: 'inline-fields' },
      field(
        'Grace period',
        grace,
        'The current key also signs for this long (at most 30 days); 0 ends it at once.',
      ),
      field('Unit', unit),
    ),
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = {
      client_auth_key: key.input.value,
      grace_seconds: Math.round(Number(grace.value) * (UNITS[unit.value] ?? 1)),
    };
    submit.disabled = true;
    apiData<RotatedClientKey>('POST', `/apps/${encodeURIComponent(app.app_id)}/client-key`, body)
      .then(
        (r) => {
          key.input.value = '';
          key.hide();
          mount(state, graceText(r.previous_key_expires_at));
          messages.ok([
            'Client key rotated at ',
            when(r.rotated_at),
            r.previous_key_expires_at
              ? ['. The previous key also signs until ', when(r.previous_key_expires_at), '.']
              : '. The previous key no longer signs.',
          ]);
        },
        (err: unknown) => messages.error(errorText(err)),
      )
      .finally(() => (submit.disabled = false));
  });
  return {
    el: h('details', { class: 'card edit' }, h('summary', null, 'Rotate client auth key'), form),
    update: (a) => {
      app = a;
      mount(state, graceText(a.previous_key_expires_at));
    },
  };
}
