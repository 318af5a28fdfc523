import { field, h } from '../dom.js';

/**
 * A client auth key typed in as a password field, with a button that shows it while typing (and hides it again).
 * Same rules as the API: 16 to 500 characters.
 */
export function keyInput(
  label: string,
  hint: string,
): { input: HTMLInputElement; el: HTMLElement; hide: () => void } {
  const input = h('input', {
    name: 'client_auth_key',
    type: 'password',
    required: true,
    minlength: 16,
    maxlength: 500,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const toggle = h(
    'button',
    { type: 'button', class: 'secondary small', 'aria-pressed': 'false' },
    'Show key',
  );
  const set = (show: boolean) => {
    input.type = show ? 'text' : 'password';
    toggle.textContent = show ? 'Hide key' : 'Show key';
    toggle.setAttribute('aria-pressed', String(show));
  };
  toggle.addEventListener('click', () => set(input.type === 'password'));
  const el = field(label, input, hint);
  el.append(toggle);
  return { input, el, hide: () => set(false) };
}
