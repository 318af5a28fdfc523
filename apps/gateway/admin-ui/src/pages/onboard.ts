import { apiData, errorText } from '../api.js';
import { field, h, mount } from '../dom.js';
import { secretDialog } from '../components/dialog.js';
import { MessageSlot } from '../components/feedback.js';
import { keyInput } from '../components/key-input.js';
import { pageHeader } from '../components/format.js';
import type { PageDef } from '../router.js';
import type { Credentials } from '../types.js';

/**
 * POST /admin/api/apps/onboard. The answer's token exists only in that response (stored hashed): it is shown
 * once, in a dialog with copy buttons, and is gone from the page when the dialog closes.
 */
export const onboardPage: PageDef = {
  path: '/onboard',
  title: 'Onboard app',
  nav: { label: 'Onboard app', order: 50 },
  render(ctx) {
    const messages = new MessageSlot();
    const appName = h('input', { name: 'app_name', required: true, minlength: 3, maxlength: 100 });
    const baseUrl = h('input', {
      name: 'base_url',
      type: 'url',
      required: true,
      maxlength: 2048,
      placeholder: 'https://app.example/webhooks',
    });
    const email = h('input', { name: 'email', type: 'email', required: true, maxlength: 255 });
    const key = keyInput(
      'Client auth key',
      'At least 16 characters. Docora signs every webhook with it; give it to the app yourself.',
    );
    const website = h('input', { name: 'website', type: 'url', maxlength: 2048 });
    const description = h('textarea', { name: 'description', maxlength: 500, rows: 3 });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Onboard app');
    const form = h(
      'form',
      { class: 'card onboard' },
      field('App name', appName),
      field(
        'Base URL (webhook endpoint)',
        baseUrl,
        'Webhooks are POSTed to this URL plus /create, /update or /delete.',
      ),
      field('Contact email', email),
      key.el,
      field('Website (optional)', website),
      field('Description (optional)', description),
      submit,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      messages.clear();
      submit.disabled = true;
      const body = {
        app_name: appName.value.trim(),
        base_url: baseUrl.value.trim(),
        email: email.value.trim(),
        client_auth_key: key.input.value,
        ...(website.value.trim() ? { website: website.value.trim() } : {}),
        ...(description.value.trim() ? { description: description.value.trim() } : {}),
      };
      apiData<Credentials>('POST', '/apps/onboard', body)
        .then(async (creds) => {
          await secretDialog({
            title: `${body.app_name} is onboarded`,
            fields: [
              { label: 'App ID', value: creds.app_id },
              { label: 'Token', value: creds.token },
            ],
          });
          form.reset();
          key.hide();
          messages.ok([
            `${body.app_name} was onboarded. `,
            h('a', { href: `/admin/apps/${encodeURIComponent(creds.app_id)}` }, 'Open its page'),
          ]);
        })
        .catch((err: unknown) => messages.error(errorText(err)))
        .finally(() => (submit.disabled = false));
    });
    mount(ctx.root, pageHeader('Onboard app'), messages.el, form);
  },
};
