import { DocoraTestEnv, expectEventually, OnboardedApp, TestRepo, waitUntil } from '@lib/testing';
import { BulkOperationsProbe } from './support/bulk-operations';
import {
  closeBrowser,
  loginThroughForm,
  openBrowser,
  requireChromium,
  shown,
  UiBrowser,
} from './support/browser';
import { useEnvHooks } from './support/env-hooks';

/**
 * Failed deliveries in the admin web UI (headless Chromium, real processes): the failed-notifications page, a
 * retry from it once the receiver is fixed, bulk retry with its progress, cancel, and bulk re-sync by app.
 */
describe('Admin web UI: failed notifications (e2e, browser)', () => {
  let env: DocoraTestEnv;
  let ui: UiBrowser;
  let probe: BulkOperationsProbe;
  let repo: TestRepo;
  let app: OnboardedApp;
  let repositoryId: string;

  const page = () => ui.page;
  const status = async () =>
    (
      await env.request('GET', `/api/repositories/${repositoryId}`, undefined, {
        authorization: `Bearer ${app.token}`,
      })
    ).body.data?.status as string;
  const receiverDown = () => app.receiver.setResponder(() => ({ status: 500, body: 'receiver down' }));
  const waitStatus = (want: string) =>
    waitUntil(async () => (await status()) === want, { timeoutMs: 30_000, message: `status ${want}` });
  /** Answers 500 to the next change until the subscription fails. */
  const failNextChange = async (files: Record<string, string>) => {
    receiverDown();
    await repo.commit(files);
    await waitStatus('failed');
  };
  const startBulk = async (button: string) => {
    await page().getByRole('button', { name: button }).click();
    await ui.dialog().getByRole('button', { name: 'Start' }).click();
  };

  beforeAll(async () => {
    requireChromium(); // before anything starts: a missing browser is a clear failure, never a skip
    env = await DocoraTestEnv.start({ mode: 'single', env: { DELIVERY_RETRY_SCHEDULE: '100ms,100ms' } });
    probe = new BulkOperationsProbe(env);
    repo = await env.github.createRepo('acme/docs');
    await repo.commit({ 'a.md': 'A\n', 'b.md': 'B\n' });
    app = await env.onboardApp('Flaky app');
    receiverDown();
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/docs` });
    repositoryId = res.body.repository_id;
    await waitStatus('failed');
    ui = await openBrowser(env.url);
    await loginThroughForm(page(), env.url);
  }, 120_000);

  afterAll(async () => {
    await closeBrowser(ui);
    await probe?.close();
  });

  useEnvHooks(() => env);

  it('should list the failed subscription with its error', async () => {
    const api = (await env.adminRequest('GET', '/admin/api/notifications/failed')).body.data.data;
    expect(api).toHaveLength(1);
    await ui.nav('Failed notifications', 'Failed notifications');
    const row = await shown(ui.rows('acme/docs'));
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 4)).toEqual([
      'acme/docs',
      'Flaky app',
      api[0].error_message,
      String(api[0].retry_count),
    ]);
    await shown(page().getByRole('button', { name: 'Retry all (1)' }));
    await shown(page().getByRole('button', { name: 'Re-sync all of Flaky app' }));
    await ui.shot('failed-notifications');
  });

  it('should retry from the page and deliver once the receiver is fixed', async () => {
    app.receiver.resetResponder();
    app.receiver.clear();
    await page().getByRole('button', { name: 'Retry acme/docs' }).click();
    await shown(page().getByRole('status').getByText('Retry queued: acme/docs'));
    await app.receiver.waitFor((all) => all.filter((h) => h.status === 200).length >= 2, 30_000);
    await waitStatus('synced');
    await page().getByRole('button', { name: 'Refresh' }).click();
    await shown(page().getByText('All notifications delivered.'));
    expect(await page().getByRole('button', { name: 'Retry all (0)' }).isDisabled()).toBe(true);
  });

  it('should retry all with progress', async () => {
    await failNextChange({ 'a.md': 'A2\n' });
    await page().getByRole('button', { name: 'Refresh' }).click();
    await shown(ui.rows('acme/docs'));
    app.receiver.resetResponder();
    app.receiver.clear();
    await startBulk('Retry all (1)');
    await shown(page().getByText('Finished: 1/1 completed (1 succeeded, 0 failed)'));
    await ui.shot('bulk-retry-finished');
    await app.receiver.waitFor((all) => all.some((h) => h.status === 200 && h.event === 'update'), 30_000);
    await waitStatus('synced');
    await shown(page().getByText('All notifications delivered.')); // reloaded when the operation ended
  });

  it('should cancel a bulk retry before it runs, from the app page', async () => {
    await failNextChange({ 'b.md': 'B2\n' });
    await page().getByRole('link', { name: 'Apps', exact: true }).click();
    await page().getByRole('link', { name: 'Flaky app', exact: true }).click();
    await shown(ui.heading('Flaky app'));
    await probe.queue.pause(); // holds the operation before its first item
    await startBulk('Retry all failed (1)');
    await shown(page().getByText('0/1 completed'));
    await page().getByRole('region', { name: 'Bulk retry' }).getByRole('button', { name: 'Cancel' }).click();
    await shown(page().getByText('Cancelled: 0/1 completed (0 succeeded, 0 failed)'));
    await ui.shot('bulk-retry-cancelled');
    await probe.queue.resume();
    await waitUntil(
      async () => (await probe.queue.getActiveCount()) + (await probe.queue.getWaitingCount()) === 0,
    );
    expect(await status()).toBe('failed'); // nothing was retried
  });

  it('should re-sync all repositories of the app with progress', async () => {
    app.receiver.resetResponder();
    app.receiver.clear();
    await startBulk('Re-sync all (1)');
    await shown(page().getByText('Finished: 1/1 completed (1 succeeded, 0 failed)'));
    // Every current file again, as a create (the failed update of b.md may also go out: it was pending).
    const sent = (all: { status: number; event: string; body: unknown }[]) =>
      all.filter((h) => h.status === 200).map((h) => `${h.event} ${(h.body as any)?.file?.path}`);
    const hooks = await app.receiver.waitFor(
      (all) => ['create a.md', 'create b.md'].every((x) => sent(all).includes(x)),
      30_000,
    );
    expect(
      (hooks.find((h) => h.event === 'create' && (h.body as any).file.path === 'b.md')?.body as any).file
        .content,
    ).toBe('B2\n');
    await waitStatus('synced');
    await expectEventually(
      async () => {
        await page().getByRole('button', { name: 'Refresh' }).click();
        expect(await ui.rows('acme/docs').locator('td').nth(1).textContent()).toBe('synced');
      },
      { timeoutMs: 10_000, intervalMs: 500 },
    );
    await ui.shot('app-after-resync');
  });

  it('should have run without script errors or CSP refusals', () => {
    expect(ui.problems).toEqual([]);
  });
});
