import { apiData, errorText } from '../api.js';
import { field, h } from '../dom.js';
import { MessageSlot } from '../components/feedback.js';
import type { AppDetail } from '../types.js';

type Editable = 'base_url' | 'app_name' | 'email' | 'website' | 'description';

/**
 * PATCH /admin/api/apps/:appId with the fields that changed. The server decides: its 400 (format) and 422
 * (SSRF: private address, credentials in the URL…) reasons are shown as they come. An emptied optional field is
 * sent as null, which clears it.
 */
export function editAppForm(app: AppDetail, onSaved: (app: AppDetail) => void): HTMLElement {
  const messages = new MessageSlot();
  const inputs: Record<Editable, HTMLInputElement | HTMLTextAreaElement> = {
    app_name: h('input', {
      name: 'app_name',
      value: app.app_name,
      required: true,
      minlength: 3,
      maxlength: 100,
    }),
    base_url: h('input', {
      name: 'base_url',
      type: 'url',
      value: app.base_url,
      required: true,
      maxlength: 2048,
    }),
    email: h('input', { name: 'email', type: 'email', value: app.email, required: true, maxlength: 255 }),
    website: h('input', { name: 'website', type: 'url', value: app.website ?? '', maxlength: 2048 }),
    description: h('textarea', { name: 'description', maxlength: 500, rows: 3 }),
  };
  inputs.description.value = app.description ?? '';
  let saved = { ...app };

  const submit = h('button', { type: 'submit', class: 'primary' }, 'Save changes');
  const form = h(
    'form',
    { class: 'edit-app' },
    messages.el,
    field('App name', inputs.app_name),
    field(
      'Base URL (webhook endpoint)',
      inputs.base_url,
      'Webhooks are POSTed to this URL plus /create, /update or /delete.',
    ),
    field('Contact email', inputs.email),
    field('Website (optional)', inputs.website),
    field('Description (optional)', inputs.description),
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body: Partial<Record<Editable, string | null>> = {};
    for (const key of Object.keys(inputs) as Editable[]) {
      const value = inputs[key].value.trim();
      const before = saved[key] ?? '';
      if (value !== before) {
        body[key] = value === '' && (key === 'website' || key === 'description') ? null : value;
      }
    }
    if (Object.keys(body).length === 0) {
      messages.ok('Nothing changed.');
      return;
    }
    submit.disabled = true;
    apiData<AppDetail>('PATCH', `/apps/${encodeURIComponent(app.app_id)}`, body)
      .then(
        (updated) => {
          saved = { ...updated };
          messages.ok('Saved.');
          onSaved(updated);
        },
        (err: unknown) => messages.error(errorText(err)),
      )
      .finally(() => (submit.disabled = false));
  });
  return h('details', { class: 'card edit' }, h('summary', null, 'Edit app'), form);
}
