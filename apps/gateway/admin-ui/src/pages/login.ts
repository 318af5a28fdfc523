import { errorText } from '../api.js';
import { field, h, mount } from '../dom.js';
import { MessageSlot } from '../components/feedback.js';
import type { PageDef } from '../router.js';
import { currentUser, login } from '../session.js';

/** Only a path inside the UI may be a redirect target (no `//evil.example`, no absolute URL). */
function safeNext(next: string | null): string {
  return next && /^\/(?!\/)/.test(next) && !next.startsWith('/login') ? next : '/';
}

export const loginPage: PageDef = {
  path: '/login',
  title: 'Log in',
  public: true,
  async render(ctx) {
    const next = safeNext(ctx.query.get('next'));
    if (await currentUser().catch(() => null)) {
      ctx.navigate(next, { replace: true });
      return;
    }
    const messages = new MessageSlot();
    const username = h('input', { name: 'username', autocomplete: 'username', required: true });
    const password = h('input', {
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Log in');
    const form = h(
      'form',
      { class: 'login card' },
      h('h1', { tabindex: '-1' }, 'Docora admin'),
      messages.el,
      field('Username', username),
      field('Password', password),
      submit,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submit.disabled = true;
      messages.clear();
      login(username.value, password.value).then(
        () => ctx.navigate(next, { replace: true }),
        (err: unknown) => {
          submit.disabled = false;
          password.value = '';
          messages.error(errorText(err));
          password.focus();
        },
      );
    });
    mount(ctx.root, form);
    username.focus();
  },
};
