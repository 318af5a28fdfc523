import { DocoraTestEnv, expectEventually, OnboardedApp, ReceivedWebhook, TestRepo } from '@lib/testing';
import {
  closeBrowser,
  gone,
  loginThroughForm,
  openBrowser,
  requireChromium,
  shown,
  UiBrowser,
} from './support/browser';
import { pathOf } from './support/delivery-checks';
import { useEnvHooks } from './support/env-hooks';

/**
 * The delivery log in the admin web UI (headless Chromium, real processes): the list of a scenario's
 * deliveries, filters, the detail with every attempt (a 500, then a 200), Redeliver one (the receiver gets the
 * same webhook-id again), and bulk redeliver by filter (dry-run count first, then progress to the end).
 */
describe('Admin web UI: delivery log (e2e, browser)', () => {
  let env: DocoraTestEnv;
  let ui: UiBrowser;
  let repo: TestRepo;
  let app: OnboardedApp;
  let repositoryId: string;

  const page = () => ui.page;
  const apiList = async (query = '') =>
    (await env.adminRequest('GET', `/admin/api/deliveries?app_id=${app.app_id}${query}`)).body.data;
  const idsOf = (hooks: ReceivedWebhook[]) => hooks.map((w) => w.headers['webhook-id']);
  /** The Path column of the shown rows, top to bottom. */
  const rowPaths = () => ui.rows().locator('td:nth-child(5)').allTextContents();
  const applyFilter = async (label: string, value: string) => {
    await page().getByLabel(label).selectOption(value);
    await page().getByRole('button', { name: 'Apply filters' }).click();
  };

  beforeAll(async () => {
    requireChromium(); // before anything starts: a missing browser is a clear failure, never a skip
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: { RESCAN_INTERVAL_MS: '3600000', DELIVERY_RETRY_SCHEDULE: '100ms,100ms,100ms' },
    });
    repo = await env.github.createRepo('acme/log');
    await repo.commit({ 'a.md': 'A\n', 'b.md': 'B\n' });
    app = await env.onboardApp('Log app');
    let refused = false; // a.md's first request is refused: it gets two attempts, a 500 then a 200
    app.receiver.setResponder((w) => {
      if (!refused && pathOf(w) === 'a.md') {
        refused = true;
        return { status: 500, body: 'temporarily <b>down</b>' }; // markup in data must show as text
      }
      return { status: 200, body: '{"ok":true}' };
    });
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/log` });
    expect(res.status).toBe(201);
    repositoryId = res.body.repository_id;
    await app.receiver.waitFor((all) => all.filter((w) => w.status === 200).length === 2, 30_000);
    await expectEventually(
      async () => expect((await apiList('&status=delivered')).pagination.total).toBe(2),
      {
        timeoutMs: 30_000,
      },
    );
    ui = await openBrowser(env.url);
    await loginThroughForm(page(), env.url);
  }, 120_000);

  afterAll(() => closeBrowser(ui));

  useEnvHooks(() => env);

  it('should list the deliveries of the scenario, newest first, as the API does', async () => {
    const api = await apiList();
    expect(api.data.map((d: { path: string }) => d.path)).toEqual(['b.md', 'a.md']);
    await ui.nav('Deliveries', 'Deliveries');
    await expectEventually(async () => expect(await rowPaths()).toEqual(['b.md', 'a.md']));
    const cells = await ui.rows('a.md').locator('td').allTextContents();
    expect(cells.slice(1, 9)).toEqual([
      'Log app',
      repositoryId,
      'create',
      'a.md',
      api.data[1].commit_sha.slice(0, 10),
      'delivered',
      String(api.data[1].attempts),
      '200',
    ]);
    await shown(page().getByText('2 deliveries match.'));
    await ui.shot('deliveries');
  });

  it('should show every attempt of a delivery: the 500, then the 200', async () => {
    await page().getByRole('link', { name: 'Details of create a.md' }).click();
    await shown(ui.heading('Delivery'));
    await shown(page().getByRole('heading', { name: 'Attempts (2)' }));
    const attempts = page().locator('main section[aria-labelledby="attempts-title"] tbody tr');
    const [failed, ok] = await Promise.all([
      attempts.nth(0).locator('td').allTextContents(),
      attempts.nth(1).locator('td').allTextContents(),
    ]);
    expect([failed[0], failed[4], failed[5], failed[6]]).toEqual([
      '1',
      'failed',
      '500',
      'temporarily <b>down</b>',
    ]);
    expect(await page().locator('main b').count()).toBe(0);
    expect([ok[0], ok[4], ok[5], ok[6]]).toEqual(['2', 'success', '200', '{"ok":true}']);
    expect(failed[3]).toMatch(/^\d+ ms$/);
    await ui.shot('delivery-detail');
  });

  it('should redeliver one: the receiver gets the same webhook-id again', async () => {
    const id = new URL(page().url()).pathname.split('/').pop()!;
    const before = app.receiver.received.length;
    expect(idsOf(app.receiver.received)).toContain(id);
    await page().getByRole('button', { name: 'Redeliver' }).click();
    await shown(page().getByRole('status').getByText('Redelivery queued: create a.md will be sent again.'));
    const [again] = (await app.receiver.waitFor((all) => all.length > before, 30_000)).slice(before);
    expect(again.headers['webhook-id']).toBe(id);
    expect([again.event, pathOf(again), again.signatureValid]).toEqual(['create', 'a.md', true]);
    await shown(page().getByRole('heading', { name: 'Attempts (3)' })); // followed while pending
    await ui.shot('delivery-redelivered');
  });

  it('should narrow the list by status', async () => {
    await env.adminRequest('POST', `/admin/api/apps/${app.app_id}/pause`); // holds c.md as pending
    await repo.commit({ 'c.md': 'C\n' });
    await env.request('POST', `/api/repositories/${repositoryId}/sync`, undefined, {
      authorization: `Bearer ${app.token}`,
    });
    await expectEventually(async () => expect((await apiList('&status=pending')).pagination.total).toBe(1), {
      timeoutMs: 30_000,
    });
    await ui.nav('Deliveries', 'Deliveries');
    await expectEventually(async () => expect(await rowPaths()).toEqual(['c.md', 'b.md', 'a.md']));
    await applyFilter('Status', 'pending');
    await expectEventually(async () => expect(await rowPaths()).toEqual(['c.md']));
    expect(new URL(page().url()).searchParams.get('status')).toBe('pending');
    await shown(page().getByText('1 delivery matches.'));
    await ui.shot('deliveries-pending');
    await applyFilter('Status', 'delivered');
    await expectEventually(async () => expect(await rowPaths()).toEqual(['b.md', 'a.md']));
    await applyFilter('Event', 'delete');
    await shown(page().getByText('No delivery matches the filter.'));
    await page().getByRole('button', { name: 'Reset' }).click();
    await expectEventually(async () => expect(await rowPaths()).toEqual(['c.md', 'b.md', 'a.md']));
    expect(new URL(page().url()).search).toBe('');
    await page().getByLabel('Created since').fill('2099-01-01T00:00:00');
    await page().getByRole('button', { name: 'Apply filters' }).click();
    await shown(page().getByText('No delivery matches the filter.'));
    expect(new Date(new URL(page().url()).searchParams.get('since')!).getFullYear()).toBe(2099);
    await page().getByLabel('Created since').fill('');
    await page().getByLabel('Created until').fill('2099-01-01T00:00:00');
    await page().getByRole('button', { name: 'Apply filters' }).click();
    await expectEventually(async () => expect(await rowPaths()).toEqual(['c.md', 'b.md', 'a.md']));
    expect(new URL(page().url()).searchParams.has('since')).toBe(false);
    await page().getByRole('button', { name: 'Reset' }).click();
    await expectEventually(() => expect(new URL(page().url()).search).toBe(''));

    await env.adminRequest('POST', `/admin/api/apps/${app.app_id}/resume`);
    await expectEventually(
      async () => expect((await apiList('&status=delivered')).pagination.total).toBe(3),
      {
        timeoutMs: 30_000,
      },
    );
  });

  it('should bulk redeliver by filter: the dry-run count first, then progress to the end', async () => {
    await page().getByLabel('App').selectOption(app.app_id);
    await applyFilter('Status', 'delivered');
    await expectEventually(() =>
      expect(new URL(page().url()).search).toBe(`?app_id=${app.app_id}&status=delivered`),
    );
    await expectEventually(async () => expect(await rowPaths()).toEqual(['c.md', 'b.md', 'a.md']));
    const filtered = await apiList('&status=delivered');
    expect(filtered.pagination.total).toBe(3);
    await shown(page().getByText('3 deliveries match.'));
    const dry = await env.adminRequest('POST', '/admin/api/deliveries/redeliver', {
      app_id: app.app_id,
      status: 'delivered',
      dry_run: true,
    });
    expect(dry.body.data.total).toBe(filtered.pagination.total);

    await page().getByRole('button', { name: 'Redeliver all matching' }).click();
    const dialog = await shown(ui.dialog());
    expect(await dialog.getByTestId('redeliver-count').textContent()).toBe(
      `${filtered.pagination.total} deliveries will be sent again`,
    );
    await ui.shot('bulk-redeliver-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click(); // nothing starts without the confirmation
    await gone(ui.dialog());
    const before = app.receiver.received.length;

    await page().getByRole('button', { name: 'Redeliver all matching' }).click();
    await ui
      .dialog()
      .getByRole('button', { name: `Redeliver ${filtered.pagination.total}` })
      .click();
    await shown(page().getByRole('region', { name: 'Bulk redeliver' }));
    await shown(page().getByText('Finished: 3/3 completed (3 succeeded, 0 failed)'), 30_000);
    await ui.shot('bulk-redeliver-finished');
    const hooks = (await app.receiver.waitFor((all) => all.length >= before + 3, 30_000)).slice(before);
    expect(new Set(idsOf(hooks))).toEqual(
      new Set(filtered.data.map((d: { delivery_id: string }) => d.delivery_id)),
    );
  });

  it('should cancel a bulk redelivery from its progress box', async () => {
    await expectEventually(
      async () => expect((await apiList('&status=delivered')).pagination.total).toBe(3),
      {
        timeoutMs: 30_000,
      },
    );
    // Hold every request: the first redelivery stays on its way until the operation has seen the cancel.
    app.receiver.setResponder(() => ({ status: 200, body: '{"ok":true}', delayMs: 60_000 }));
    const before = app.receiver.received.length;
    await page().getByRole('button', { name: 'Redeliver all matching' }).click();
    await ui.dialog().getByRole('button', { name: 'Redeliver 3' }).click();
    const box = page().getByRole('region', { name: 'Bulk redeliver' });
    await shown(box.getByText('0/3 completed'));
    await app.receiver.waitFor(() => app.receiver.inFlight === 1, 30_000);
    await box.getByRole('button', { name: 'Cancel' }).click();
    await shown(box.getByText(/^Cancelled: 0\/3 completed/), 30_000);
    await ui.shot('bulk-redeliver-cancelled');
    app.receiver.resetResponder();
    app.receiver.releaseHeld();
    await expectEventually(async () => expect((await apiList('&status=pending')).pagination.total).toBe(0), {
      timeoutMs: 30_000,
    });
    expect(app.receiver.received.length).toBe(before + 1); // the held one only: the other two were not sent
  });

  it('should have run without script errors or CSP refusals', () => {
    expect(ui.problems).toEqual([]);
  });
});
