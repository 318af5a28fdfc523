import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, waitUntil } from '@lib/testing';
import { BulkOperationsProbe } from './support/bulk-operations';
import { useEnvHooks } from './support/env-hooks';

const REPOS = ['delta/one', 'delta/two'];
const creates = (all: ReceivedWebhook[]) => all.filter((h) => h.event === 'create' && h.status === 200);

/**
 * Bulk operations are durable jobs of the registry, not work of the HTTP process (v1 lost them on an API restart):
 * one process per app, and the gateway or the registry killed (-9) while operations are queued.
 */
describe('Admin bulk operations across restarts (e2e, separate processes)', () => {
  let env: DocoraTestEnv;
  let probe: BulkOperationsProbe;
  let app: OnboardedApp;

  const startResync = async (): Promise<string> => {
    const res = await env.adminRequest('POST', `/admin/api/resync/app/${app.app_id}`);
    expect([res.status, res.body.data?.total]).toEqual([200, 2]);
    return res.body.data.operation_id;
  };

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'separate' });
    probe = new BulkOperationsProbe(env);
    for (const name of REPOS) {
      const repo = await env.github.createRepo(name);
      await repo.commit({ 'readme.md': `${name}\n` });
    }
    app = await env.onboardApp('Delta');
  }, 120_000);

  useEnvHooks(() => env);

  afterAll(async () => {
    await probe?.close();
  });

  afterEach(async () => {
    // Whatever a failed test left paused must not hold the next one.
    await probe?.queue.resume();
  });

  it('should answer 404 to a bulk retry of everything when nothing failed', async () => {
    const res = await env.adminRequest('POST', '/admin/api/retry/all');
    expect([res.status, res.body]).toEqual([
      404,
      { error: 'No failed notifications found', code: 'NOT_FOUND' },
    ]);
  });

  it('should run an operation while no gateway is up, and report it after the gateway restarts', async () => {
    for (const name of REPOS) {
      expect((await env.registerRepository(app, { github_url: `${env.github.url}/${name}` })).status).toBe(
        201,
      );
    }
    await app.receiver.waitFor((all) => creates(all).length === 2, 30_000);
    app.receiver.clear();

    await probe.queue.pause();
    const id = await startResync();
    await env.docora.kill('gateway');
    try {
      await probe.queue.resume();
      await probe.waitJobCompleted(id);
      const hooks = await app.receiver.waitFor((all) => creates(all).length === 2, 30_000);
      expect(hooks.map((h) => (h.body as any).file.content).sort()).toEqual(REPOS.map((n) => `${n}\n`));
    } finally {
      await env.docora.restart('gateway');
    }
    // The admin session lives in Redis too: the same cookie still works.
    expect(await probe.progress(id)).toEqual({
      operation_id: id,
      total: 2,
      completed: 2,
      succeeded: 2,
      failed: 0,
      cancelled: false,
      errors: [],
    });
  });

  it('should keep queued operations through a registry crash, and cancel one while the registry is down', async () => {
    app.receiver.clear();
    await probe.queue.pause();
    const cancelled = await startResync();
    const kept = await startResync();
    await env.docora.kill('registry');
    try {
      // Progress and cancellation are answered by the gateway from Redis: no registry needed.
      const cancel = await env.adminRequest('POST', `/admin/api/retry/cancel/${cancelled}`);
      expect([cancel.status, cancel.body]).toEqual([200, { data: { message: 'Cancellation requested' } }]);
      expect(await probe.progress(cancelled)).toMatchObject({ total: 2, completed: 0, cancelled: true });
      expect(await probe.progress(kept)).toMatchObject({ total: 2, completed: 0, cancelled: false });
    } finally {
      await probe.queue.resume();
      await env.docora.restart('registry');
    }
    await probe.waitJobCompleted(cancelled);
    expect(await probe.waitAllDone(kept)).toMatchObject({ completed: 2, succeeded: 2, cancelled: false });
    expect(await probe.progress(cancelled)).toMatchObject({ total: 2, completed: 0, cancelled: true });
    await app.receiver.waitFor((all) => creates(all).length >= 2, 30_000);
    await waitUntil(async () => (await probe.queue.getJobState(kept)) === 'completed', { timeoutMs: 10_000 });
  });
});
