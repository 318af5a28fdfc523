import { DocoraTestEnv, OnboardedApp, TestRepo, waitUntil } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';

/** v1 §3.3 admin actions on real processes: retry (failed only), resync (everything again), delete app. */
describe('Admin actions (e2e)', () => {
  let env: DocoraTestEnv;
  let repo: TestRepo;
  let app: OnboardedApp;
  let repositoryId: string;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single', env: { DELIVERY_RETRY_SCHEDULE: '50ms' } });
    repo = await env.github.createRepo('acme/handbook');
    await repo.commit({ 'a.md': 'A\n', 'b/c.md': 'C\n' });
    app = await env.onboardApp();
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/handbook` });
    repositoryId = res.body.repository_id;
    await app.receiver.waitFor((all) => all.length === 2, 30_000);
  }, 120_000);

  useEnvHooks(() => env);

  const status = async () =>
    (
      await env.request('GET', `/api/repositories/${repositoryId}`, undefined, {
        authorization: `Bearer ${app.token}`,
      })
    ).body.data?.status as string;

  it('should require an admin session', async () => {
    const res = await env.request('POST', '/admin/api/retry', {
      app_id: app.app_id,
      repository_id: repositoryId,
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'Not authenticated', code: 'UNAUTHORIZED' });
  });

  it('should refuse to retry a subscription that has not failed, and 404 an unknown link', async () => {
    await waitUntil(async () => (await status()) === 'synced', { timeoutMs: 30_000 });
    const conflict = await env.adminRequest('POST', '/admin/api/retry', {
      app_id: app.app_id,
      repository_id: repositoryId,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ error: 'Only failed entries can be retried', code: 'CONFLICT' });
    const unknown = await env.adminRequest('POST', '/admin/api/retry', {
      app_id: app.app_id,
      repository_id: 'repo_' + '0'.repeat(24),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'App-repository link not found', code: 'NOT_FOUND' });
    const invalid = await env.adminRequest('POST', '/admin/api/retry', { app_id: app.app_id });
    expect(invalid.status).toBe(400);
  });

  it('should retry a failed subscription from where it stopped', async () => {
    app.receiver.clear();
    app.receiver.setResponder(() => ({ status: 503 }));
    await repo.commit({ 'a.md': 'A2\n' });
    await waitUntil(async () => (await status()) === 'failed', { timeoutMs: 30_000 });
    app.receiver.resetResponder();
    const res = await env.adminRequest('POST', '/admin/api/retry', {
      app_id: app.app_id,
      repository_id: repositoryId,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { message: 'Retry queued', job_id: `${app.app_id}-${repositoryId}` } });
    await app.receiver.waitFor((all) => all.some((h) => h.status === 200 && h.event === 'update'), 30_000);
    await waitUntil(async () => (await status()) === 'synced', { timeoutMs: 30_000 });
  });

  it('should resync by re-sending every current file as a create', async () => {
    app.receiver.clear();
    const res = await env.adminRequest('POST', '/admin/api/resync', {
      app_id: app.app_id,
      repository_id: repositoryId,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.message).toBe('Re-sync queued');
    const hooks = await app.receiver.waitFor((all) => all.length >= 2, 30_000);
    expect(hooks.map((h) => `${h.event} ${(h.body as any).file.path}`)).toEqual([
      'create a.md',
      'create b/c.md',
    ]);
    expect((hooks[0].body as any).file.content).toBe('A2\n');
  });

  it('should delete an app with its subscriptions and the repositories nobody watches any more', async () => {
    const res = await env.adminRequest('DELETE', `/admin/api/apps/${app.app_id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { deleted: true, repositories_unlinked: 1, orphaned_repositories_cleaned: 1 },
    });
    expect((await env.adminRequest('DELETE', `/admin/api/apps/${app.app_id}`)).status).toBe(404);
    const gone = await env.request('GET', '/api/repositories', undefined, {
      authorization: `Bearer ${app.token}`,
    });
    expect(gone.status).toBe(401);
    expect(await env.query('SELECT 1 FROM repositories')).toHaveLength(0);
    await waitUntil(async () => (await env.query('SELECT 1 FROM repo_files')).length === 0, {
      timeoutMs: 30_000,
    });
  });
});
