import { apiData, ApiError, errorText } from '../api.js';
import { Child, externalLink, h, mount } from '../dom.js';
import { confirmDialog, secretDialog } from '../components/dialog.js';
import { MessageSlot, redrawOnChange, setFlash } from '../components/feedback.js';
import { count, pageHeader, refreshButton, when } from '../components/format.js';
import type { PageContext, PageDef } from '../router.js';
import type { AppDetail, Credentials } from '../types.js';
import { clientKeyForm } from './app-client-key.js';
import { deliveriesSection } from './app-deliveries.js';
import { editAppForm } from './app-edit.js';
import { subscriptionsSection } from './app-subscriptions.js';

function info(app: AppDetail): HTMLElement {
  const row = (term: string, value: Child) => [h('dt', null, term), h('dd', null, value)];
  return h(
    'dl',
    { class: 'info' },
    row('App ID', h('span', { class: 'mono' }, app.app_id)),
    row('Base URL', h('span', { class: 'mono wrap' }, app.base_url)),
    row('Email', app.email),
    row('Website', app.website ? externalLink(app.website) : '—'),
    row('Created', when(app.created_at)),
    row('Repositories', app.repository_count),
    row('Failed notifications', app.failed_notification_count),
    row('Snapshots', app.snapshot_count),
    row('Deliveries', app.delivery_count),
    row('Description', app.description ? h('span', { class: 'wrap' }, app.description) : '—'),
  );
}

async function rotateToken(app: AppDetail, messages: MessageSlot): Promise<void> {
  const ok = await confirmDialog({
    title: `Rotate the bearer token of ${app.app_name}?`,
    message: 'A new token is issued and shown once. The current token stops working at once.',
    confirmLabel: 'Rotate token',
    danger: true,
  });
  if (!ok) {
    return;
  }
  try {
    const r = await apiData<Credentials>('POST', `/apps/${encodeURIComponent(app.app_id)}/token`);
    messages.ok('Token rotated: the previous token no longer works.');
    await secretDialog({
      title: `New token for ${app.app_name}`,
      fields: [
        { label: 'App ID', value: r.app_id },
        { label: 'Token', value: r.token },
      ],
    });
  } catch (e) {
    messages.error(errorText(e));
  }
}

async function deleteApp(ctx: PageContext, app: AppDetail, messages: MessageSlot): Promise<void> {
  const ok = await confirmDialog({
    title: `Delete ${app.app_name}?`,
    message:
      `This permanently deletes ${app.app_name} along with ${count(app.repository_count, 'subscription')}, ` +
      `${count(app.snapshot_count, 'snapshot')} and ${count(app.delivery_count, 'delivery', 'deliveries')}. ` +
      'Its token stops working.',
    confirmLabel: 'Delete app',
    danger: true,
  });
  if (!ok) {
    return;
  }
  try {
    const r = await apiData<{ repositories_unlinked: number; orphaned_repositories_cleaned: number }>(
      'DELETE',
      `/apps/${encodeURIComponent(app.app_id)}`,
    );
    setFlash(
      `Deleted ${app.app_name}: ${count(r.repositories_unlinked, 'subscription')} removed, ` +
        `${count(r.orphaned_repositories_cleaned, 'repository', 'repositories')} no longer watched.`,
    );
    ctx.navigate('/apps');
  } catch (e) {
    messages.error(errorText(e));
  }
}

/**
 * One app: its facts, its deliveries (pause / resume), editing, token and client key rotation, deletion, and its
 * subscriptions with their actions.
 */
export const appDetailPage: PageDef = {
  path: '/apps/:appId',
  title: 'App',
  async render(ctx) {
    const appId = ctx.params.appId;
    const messages = new MessageSlot();
    let app: AppDetail;
    try {
      app = await apiData<AppDetail>('GET', `/apps/${encodeURIComponent(appId)}`, undefined, ctx.signal);
    } catch (e) {
      const missing = e instanceof ApiError && e.status === 404;
      mount(
        ctx.root,
        pageHeader(missing ? 'App not found' : 'App'),
        messages.el,
        h('p', null, h('a', { href: '/admin/apps' }, 'Back to apps')),
      );
      messages.error(errorText(e));
      return;
    }
    document.title = `${app.app_name} · Docora admin`;

    const title = h('h1', { tabindex: '-1' }, app.app_name);
    const facts = h('section', { class: 'card', 'aria-label': 'App details' });
    const show = (a: AppDetail) => {
      app = a;
      title.textContent = a.app_name;
      mount(facts, info(a));
      deliveries.update(a);
      clientKey.update(a);
      subs.update(a);
    };
    const { draw, reload } = redrawOnChange({
      fetch: () => apiData<AppDetail>('GET', `/apps/${encodeURIComponent(appId)}`, undefined, ctx.signal),
      show,
      messages,
      signal: ctx.signal,
    });
    const subs = subscriptionsSection({ signal: ctx.signal, reload });
    const deliveries = deliveriesSection({ reload });
    const clientKey = clientKeyForm(app);

    const rotate = h(
      'button',
      { type: 'button', class: 'secondary', onClick: () => void rotateToken(app, messages) },
      'Rotate token',
    );
    const remove = h(
      'button',
      { type: 'button', class: 'danger', onClick: () => void deleteApp(ctx, app, messages) },
      'Delete app',
    );
    mount(
      ctx.root,
      h('p', { class: 'crumbs' }, h('a', { href: '/admin/apps' }, 'Apps'), ' / ', app.app_id),
      h(
        'header',
        { class: 'page-header' },
        title,
        h('div', { class: 'actions' }, refreshButton(reload), rotate, remove),
      ),
      messages.el,
      facts,
      deliveries.el,
      editAppForm(app, show),
      clientKey.el,
      subs.el,
    );
    draw(app);
    ctx.every(10_000, reload);
  },
};
