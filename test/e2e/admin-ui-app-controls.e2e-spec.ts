import { DocoraTestEnv, expectEventually, OnboardedApp, TestRepo } from '@lib/testing';
import {
  closeBrowser,
  loginThroughForm,
  openBrowser,
  requireChromium,
  shown,
  UiBrowser,
} from './support/browser';
import { pathOf, standardValid } from './support/delivery-checks';
import { useEnvHooks } from './support/env-hooks';

/**
 * The app page's delivery controls in headless Chromium against real processes: pause / resume (nothing is sent
 * while paused, everything queued arrives in order after resume) and the client_auth_key rotation form (the next
 * webhook verifies with both keys).
 */
describe('Admin web UI: pause, resume, client key (e2e, browser)', () => {
  let env: DocoraTestEnv;
  let ui: UiBrowser;
  let repo: TestRepo;
  let app: OnboardedApp;
  let repositoryId: string;

  const page = () => ui.page;
  const NEW_KEY = 'rotated-from-the-ui-' + 'k'.repeat(16);
  /** Scans are triggered by the test only (no periodic rescan), so each commit is one scan. */
  const commit = async (path: string) => {
    await repo.commit({ [path]: `${path}\n` });
    const res = await env.request('POST', `/api/repositories/${repositoryId}/sync`, undefined, {
      authorization: `Bearer ${app.token}`,
    });
    expect(res.status).toBeLessThan(300);
  };
  const deliveries = async () =>
    (await env.adminRequest('GET', `/admin/api/apps/${app.app_id}`)).body.data.deliveries;
  const attemptsOf = (paths: string[]) =>
    env.query<{ path: string; started_at: Date }>(
      `SELECT d.path, a.started_at FROM delivery_attempts a JOIN deliveries d USING (delivery_id)
        WHERE d.app_id = $1 AND d.path = ANY($2) ORDER BY a.started_at`,
      [app.app_id, paths],
    );

  beforeAll(async () => {
    requireChromium(); // before anything starts: a missing browser is a clear failure, never a skip
    env = await DocoraTestEnv.start({ mode: 'single', env: { RESCAN_INTERVAL_MS: '3600000' } });
    repo = await env.github.createRepo('acme/controls');
    await repo.commit({ 'a.md': 'A\n' });
    app = await env.onboardApp('Controlled app');
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/controls` });
    expect(res.status).toBe(201);
    repositoryId = res.body.repository_id;
    await app.receiver.waitFor((all) => all.length === 1, 30_000);
    ui = await openBrowser(env.url);
    await loginThroughForm(page(), env.url);
  }, 120_000);

  afterAll(() => closeBrowser(ui));

  useEnvHooks(() => env);

  it('should show the deliveries as active, with nothing queued', async () => {
    await page().goto(`${env.url}/admin/apps/${app.app_id}`);
    await shown(ui.heading('Controlled app'));
    await shown(page().getByRole('heading', { name: 'Deliveries', level: 2 }));
    expect(await page().getByTestId('deliveries-state').textContent()).toBe('active');
    expect(await page().getByTestId('queued-deliveries').textContent()).toBe('0');
    await shown(page().getByRole('button', { name: 'Pause deliveries' }));
  });

  it('should pause from the page: commits produce no webhook while paused, and queue up', async () => {
    await page().getByRole('button', { name: 'Pause deliveries' }).click();
    await shown(ui.dialog().getByText('nothing is lost'));
    await ui.dialog().getByRole('button', { name: 'Pause deliveries' }).click();
    await shown(page().getByRole('status').getByText('Deliveries paused: 0 deliveries queued.'));
    expect(await page().getByTestId('deliveries-state').textContent()).toBe('paused');
    expect(await page().getByTestId('paused-reason').textContent()).toBe('admin');
    await shown(page().getByRole('button', { name: 'Resume deliveries' }));
    expect(await deliveries()).toMatchObject({ paused: true, paused_reason: 'admin' });

    const before = app.receiver.received.length;
    await commit('b.md');
    await expectEventually(async () => expect((await deliveries()).queued_deliveries).toBe(1), {
      timeoutMs: 30_000,
    });
    await commit('c.md');
    await expectEventually(async () => expect((await deliveries()).queued_deliveries).toBe(2), {
      timeoutMs: 30_000,
    });
    await page().getByRole('button', { name: 'Refresh' }).click();
    await expectEventually(async () =>
      expect(await page().getByTestId('queued-deliveries').textContent()).toBe('2'),
    );
    expect(await page().getByTestId('deliveries-state').textContent()).toBe('paused');
    await ui.shot('app-paused');
    expect(app.receiver.received.length).toBe(before);
    expect(await attemptsOf(['b.md', 'c.md'])).toEqual([]); // not even tried
  });

  it('should resume from the page: the queued webhooks arrive, in commit order', async () => {
    const before = app.receiver.received.length;
    const resumedAt = new Date();
    await page().getByRole('button', { name: 'Resume deliveries' }).click();
    await shown(page().getByRole('status').getByText('Deliveries resumed'));
    expect(await page().getByTestId('deliveries-state').textContent()).toBe('active');
    const hooks = await app.receiver.waitFor((all) => all.length >= before + 2, 30_000);
    expect(hooks.slice(before).map((w) => `${w.event} ${pathOf(w)}`)).toEqual(['create b.md', 'create c.md']);
    expect(hooks.slice(before).every((w) => w.signatureValid)).toBe(true);
    // The attempt is recorded once its answer is in: the receiver may have the webhook a moment earlier.
    const attempts = await expectEventually(async () => {
      const rows = await attemptsOf(['b.md', 'c.md']);
      expect(rows.map((a) => a.path)).toEqual(['b.md', 'c.md']);
      return rows;
    });
    // Never tried before the resume (the database's clock and this one are the same machine's).
    expect(attempts[0].started_at.getTime()).toBeGreaterThanOrEqual(resumedAt.getTime() - 1000);
    await expectEventually(async () => expect(await deliveries()).toMatchObject({ queued_deliveries: 0 }));
    await page().getByRole('button', { name: 'Refresh' }).click();
    await expectEventually(async () =>
      expect(await page().getByTestId('queued-deliveries').textContent()).toBe('0'),
    );
    await ui.shot('app-resumed');
  });

  it('should show the API refusals of a client key rotation and change nothing', async () => {
    await page().getByText('Rotate client auth key').click();
    const keyField = page().getByLabel('New client auth key');
    await keyField.fill(app.key);
    expect(await keyField.getAttribute('type')).toBe('password');
    await page().getByRole('button', { name: 'Show key' }).click();
    expect(await keyField.getAttribute('type')).toBe('text');
    await page().getByRole('button', { name: 'Hide key' }).click();
    expect(await keyField.getAttribute('type')).toBe('password');

    await page().getByRole('button', { name: 'Rotate client key' }).click();
    await shown(page().getByRole('alert').getByText('The new client_auth_key is the current one')); // 409
    await keyField.fill(NEW_KEY);
    await page().getByLabel('Grace period').fill('721'); // hours: beyond 30 days
    await page().getByRole('button', { name: 'Rotate client key' }).click();
    await shown(page().getByRole('alert').getByText('grace_seconds')); // 400, the API's reason
    await ui.shot('client-key-refused');
    const [row] = await env.query<{ until: Date | null }>(
      'SELECT previous_key_expires_at AS until FROM apps WHERE app_id = $1',
      [app.app_id],
    );
    expect(row.until).toBeNull();
  });

  it('should rotate the client key with a grace period: the next webhook verifies with both keys', async () => {
    await page().getByLabel('Grace period').fill('2');
    await page().getByLabel('Unit').selectOption('hours');
    await page().getByRole('button', { name: 'Rotate client key' }).click();
    await shown(page().getByRole('status').getByText('Client key rotated'));
    expect(await page().getByLabel('New client auth key').inputValue()).toBe(''); // not kept in the page
    const [row] = await env.query<{ until: Date }>(
      'SELECT previous_key_expires_at AS until FROM apps WHERE app_id = $1',
      [app.app_id],
    );
    const shownUntil = await page()
      .getByTestId('previous-key-expires')
      .locator('time')
      .getAttribute('datetime');
    expect(shownUntil).toBe(row.until.toISOString());
    expect(row.until.getTime() - Date.now()).toBeGreaterThan(3600_000); // 2 hours, not 2 seconds
    await ui.shot('client-key-rotated');

    const before = app.receiver.received.length;
    await commit('d.md');
    const [w] = (await app.receiver.waitFor((all) => all.length > before, 30_000)).slice(before);
    expect(pathOf(w)).toBe('d.md');
    expect(standardValid(NEW_KEY, w)).toBe(true);
    expect(standardValid(app.key, w)).toBe(true);
    expect(standardValid('an-unrelated-key-of-enough-length', w)).toBe(false);

    await page().reload(); // the app detail gives the running grace period
    await shown(ui.heading('Controlled app'));
    expect(await page().getByTestId('previous-key-expires').locator('time').getAttribute('datetime')).toBe(
      row.until.toISOString(),
    );
  });

  it('should have run without script errors or CSP refusals', () => {
    expect(ui.problems).toEqual([]);
  });
});
