import { DocoraTestEnv, expectEventually, OnboardedApp, WebhookReceiver } from '@lib/testing';
import { randomBytes } from 'node:crypto';
import { closeBrowser, gone, openBrowser, requireChromium, shown, UiBrowser } from './support/browser';
import { useEnvHooks } from './support/env-hooks';

/**
 * The admin web UI in headless Chromium against Docora's real processes: everything is done through the pages
 * (forms, buttons, dialogs), and checked against the API and the webhooks that arrive. The tests build on each
 * other, in order, like one admin's session. Failed notifications: admin-ui-failures.e2e-spec.ts.
 */
describe('Admin web UI (e2e, browser)', () => {
  let env: DocoraTestEnv;
  let ui: UiBrowser;
  let app: OnboardedApp;
  let repositoryId: string;
  const NAME = 'Browser <b>app</b>'; // markup in data must show as text

  const page = () => ui.page;
  const asApp = (token: string) =>
    env.request('GET', `/api/repositories/${repositoryId}`, undefined, { authorization: `Bearer ${token}` });
  const alert = () => page().getByRole('alert');

  beforeAll(async () => {
    requireChromium(); // before anything starts: a missing browser is a clear failure, never a skip
    env = await DocoraTestEnv.start({ mode: 'single', env: { ADMIN_LOGIN_RATE_LIMIT_PER_MINUTE: '50' } });
    const repo = await env.github.createRepo('acme/handbook');
    await repo.commit({ 'a.md': 'A\n', 'docs/b.md': 'B\n' });
    await env.adminLogin();
    ui = await openBrowser(env.url);
  }, 120_000);

  afterAll(() => closeBrowser(ui));

  useEnvHooks(() => env);

  it('should send to the login page, refuse a wrong password and log in', async () => {
    await page().goto(`${env.url}/admin/apps`);
    await shown(page().getByRole('button', { name: 'Log in' }));
    const url = new URL(page().url());
    expect([url.pathname, url.searchParams.get('next')]).toEqual(['/admin/login', '/apps']);
    await ui.shot('login');
    await page().getByLabel('Username').fill('admin');
    await page().getByLabel('Password').fill('wrong-password');
    await page().getByRole('button', { name: 'Log in' }).click();
    expect(await (await shown(alert())).textContent()).toBe('Invalid credentials');
    await ui.shot('login-refused');
    await page().getByLabel('Password').fill('admin-password');
    await page().getByRole('button', { name: 'Log in' }).click();
    await shown(ui.heading('Apps')); // back where it was sent from
    await shown(page().getByText('Logged in as admin'));
  });

  it('should onboard an app through the form and show its token once, a token the API accepts', async () => {
    const key = randomBytes(24).toString('hex');
    const receiver = await WebhookReceiver.start({ key, path: '/hooks' });
    env.receivers.push(receiver);
    await ui.nav('Onboard app', 'Onboard app');
    await page().getByLabel('App name').fill(NAME);
    await page().getByLabel('Base URL (webhook endpoint)').fill(receiver.url);
    await page().getByLabel('Contact email').fill('ops@example.com');
    await page().getByLabel('Client auth key').fill(key);
    await page().getByLabel('Description (optional)').fill('Onboarded from the admin UI');
    await ui.shot('onboard-form');
    await page().getByRole('button', { name: 'Onboard app' }).click();

    const dialog = await shown(ui.dialog());
    const appId = await dialog.getByLabel('App ID', { exact: true }).inputValue();
    const token = await dialog.getByLabel('Token', { exact: true }).inputValue();
    expect(appId).toMatch(/^app_[0-9a-f]{24}$/);
    expect(token).toMatch(/^docora_[0-9a-f]{64}$/);
    await dialog.getByRole('button', { name: 'Copy Token' }).click();
    await shown(dialog.getByText('Copied'));
    expect(await page().evaluate('navigator.clipboard.readText()')).toBe(token);
    await ui.shot('onboard-credentials');
    await dialog.getByRole('button', { name: 'I have saved them' }).click();
    await gone(ui.dialog());
    expect(await page().content()).not.toContain(token); // shown once: gone with the dialog
    expect(await page().getByLabel('App name').inputValue()).toBe('');
    await shown(page().getByRole('status').getByText('was onboarded'));

    app = { app_id: appId, token, key, receiver };
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/handbook` });
    expect(res.status).toBe(201);
    repositoryId = res.body.repository_id;
    const hooks = await receiver.waitFor((all) => all.length >= 2, 30_000);
    expect(hooks.every((h) => h.signatureValid && h.event === 'create')).toBe(true);
    await expectEventually(async () => expect((await asApp(token)).body.data.status).toBe('synced'), {
      timeoutMs: 30_000,
    });
  });

  it('should show the overview numbers the API gives', async () => {
    await ui.nav('Overview', 'Overview');
    const api = (await env.adminRequest('GET', '/admin/api/overview')).body.data;
    expect(api).toMatchObject({ total_apps: 1, total_repositories: 1, failed_notifications: 0 });
    await page().getByRole('button', { name: 'Refresh' }).click();
    await expectEventually(async () => {
      expect(await ui.metric('total_apps')).toBe(String(api.total_apps));
      expect(await ui.metric('total_repositories')).toBe(String(api.total_repositories));
      expect(await ui.metric('failed_notifications')).toBe(String(api.failed_notifications));
      expect(await ui.metric('queue')).toMatch(/^\d+ \/ \d+$/);
    });
    await ui.shot('overview');
  });

  it('should list, search and sort the apps, showing names as text', async () => {
    await env.onboardApp('Second service');
    await ui.nav('Apps', 'Apps');
    await expectEventually(async () => expect(await ui.rows().count()).toBe(2));
    await shown(page().getByRole('link', { name: NAME, exact: true }));
    expect(await page().locator('main b').count()).toBe(0);
    await ui.shot('apps');

    const search = page().getByLabel('Search apps by name or URL');
    await search.fill('second');
    await expectEventually(async () =>
      expect(await ui.rows().allTextContents()).toEqual([expect.stringContaining('Second service')]),
    );
    expect(new URL(page().url()).searchParams.get('search')).toBe('second');
    await search.fill('no such app');
    await shown(page().getByText('No app matches “no such app”'));
    await search.fill('');
    await expectEventually(async () => expect(await ui.rows().count()).toBe(2));

    const byName = page().getByRole('button', { name: 'App name' });
    await byName.click();
    await expectEventually(async () => expect(await ui.rows().first().textContent()).toContain(NAME));
    expect(await page().locator('th', { has: byName }).getAttribute('aria-sort')).toBe('ascending');
    await byName.click();
    await expectEventually(async () =>
      expect(await ui.rows().first().textContent()).toContain('Second service'),
    );
    expect(new URL(page().url()).searchParams.get('sort_order')).toBe('desc');
  });

  it('should show the app and its subscription, synced, on the app page', async () => {
    await page().getByRole('link', { name: NAME, exact: true }).click();
    await shown(ui.heading(NAME));
    const row = await shown(ui.rows('acme/handbook'));
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual(['acme/handbook (main)', 'synced', 'closed', '0', '—']);
    await shown(page().getByText(app.app_id, { exact: true }));
    await ui.shot('app-detail');
  });

  it('should show the reason an unsafe base_url is refused, then save a valid edit', async () => {
    await page().getByText('Edit app').click();
    const baseUrl = page().getByLabel('Base URL (webhook endpoint)');
    await baseUrl.fill('http://user:secret@127.0.0.1:9/hooks');
    await page().getByRole('button', { name: 'Save changes' }).click();
    expect(await (await shown(alert())).textContent()).toBe('URL must not contain credentials');
    await ui.shot('app-edit-refused');
    expect((await env.adminRequest('GET', `/admin/api/apps/${app.app_id}`)).body.data.base_url).toBe(
      app.receiver.url,
    );

    await baseUrl.fill(app.receiver.url);
    await page().getByLabel('App name').fill('Browser app');
    await page().getByRole('button', { name: 'Save changes' }).click();
    await shown(page().getByRole('status').getByText('Saved.'));
    await shown(ui.heading('Browser app'));
    expect((await env.adminRequest('GET', `/admin/api/apps/${app.app_id}`)).body.data.app_name).toBe(
      'Browser app',
    );
  });

  it('should rotate the token: the new one is shown once and the old one is refused', async () => {
    await page().getByRole('button', { name: 'Rotate token' }).click();
    await ui.dialog().getByRole('button', { name: 'Rotate token' }).click();
    const token = await (await shown(ui.dialog().getByLabel('Token', { exact: true }))).inputValue();
    expect(token).toMatch(/^docora_[0-9a-f]{64}$/);
    expect(token).not.toBe(app.token);
    await ui.shot('token-rotated');
    await ui.dialog().getByRole('button', { name: 'I have saved them' }).click();
    await gone(ui.dialog());
    expect(await page().content()).not.toContain(token);
    expect((await asApp(app.token)).status).toBe(401);
    expect((await asApp(token)).status).toBe(200);
    app.token = token;
  });

  it('should show the scan queue', async () => {
    await ui.nav('Queue', 'Queue');
    for (const state of ['active', 'waiting', 'delayed', 'completed', 'failed']) {
      expect(await ui.metric(`queue-${state}`)).toMatch(/^\d+$/);
    }
    await shown(page().getByRole('heading', { name: 'Current jobs' }));
    await ui.shot('queue');
  });

  it('should delete an app only once confirmed', async () => {
    await ui.nav('Apps', 'Apps');
    await page().getByRole('link', { name: 'Browser app', exact: true }).click();
    await shown(ui.heading('Browser app'));
    await page().getByRole('button', { name: 'Delete app' }).click();
    await shown(ui.dialog().getByText('permanently deletes Browser app'));
    await ui.shot('delete-confirm');
    await ui.dialog().getByRole('button', { name: 'Cancel' }).click();
    await gone(ui.dialog());
    expect((await env.adminRequest('GET', `/admin/api/apps/${app.app_id}`)).status).toBe(200);

    await page().getByRole('button', { name: 'Delete app' }).click();
    await ui.dialog().getByRole('button', { name: 'Delete app' }).click();
    await shown(ui.heading('Apps'));
    await shown(page().getByRole('status').getByText('Deleted Browser app: 1 subscription removed'));
    await expectEventually(async () => expect(await ui.rows().count()).toBe(1));
    expect((await env.adminRequest('GET', `/admin/api/apps/${app.app_id}`)).status).toBe(404);
    expect((await asApp(app.token)).status).toBe(401);
  });

  it('should log out, and then send every page to the login', async () => {
    await page().getByRole('button', { name: 'Log out' }).click();
    await shown(page().getByRole('button', { name: 'Log in' }));
    expect(await page().evaluate(async () => (await fetch('/admin/api/session')).status)).toBe(401);
    await page().goto(`${env.url}/admin/queue`);
    await shown(page().getByRole('button', { name: 'Log in' }));
    expect(new URL(page().url()).searchParams.get('next')).toBe('/queue');
  });

  it('should have run without script errors or CSP refusals', () => {
    expect(ui.problems).toEqual([]);
  });
});
