import { DocoraTestEnv, OnboardedApp, TestRepo, waitUntil } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';

/**
 * The public subscription API on real processes: list/show with status, sync now, token rotation, unwatch with
 * real orphan cleanup, and the app-side retry of a failed subscription. Polling is effectively off
 * (RESCAN_INTERVAL_MS of an hour): only registration and POST /sync trigger checks.
 */
describe('Public subscription API (e2e)', () => {
  let env: DocoraTestEnv;
  let repo: TestRepo;
  let app: OnboardedApp;
  let other: OnboardedApp;
  let repositoryId: string;
  const TOKEN = 'ghp_' + 'a'.repeat(36);

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: { RESCAN_INTERVAL_MS: '3600000', DELIVERY_RETRY_SCHEDULE: '50ms,50ms' },
    });
    repo = await env.github.createRepo('acme/private-docs', { private: true, token: TOKEN });
    await repo.commit({ 'a.md': 'A\n' });
    app = await env.onboardApp('App one');
    other = await env.onboardApp('App two');
    const res = await env.registerRepository(app, {
      github_url: `${env.github.url}/acme/private-docs`,
      github_token: TOKEN,
    });
    expect(res.status).toBe(201);
    repositoryId = res.body.repository_id;
    await app.receiver.waitFor((all) => all.length === 1, 30_000);
  }, 120_000);

  useEnvHooks(() => env);

  const as = (a: OnboardedApp) => ({ authorization: `Bearer ${a.token}` });

  it('should list and show the caller’s subscriptions with their status', async () => {
    await waitUntil(
      async () =>
        (await env.request('GET', `/api/repositories/${repositoryId}`, undefined, as(app))).body.data
          ?.status === 'synced',
      {
        timeoutMs: 30_000,
      },
    );
    const list = await env.request('GET', '/api/repositories', undefined, as(app));
    expect(list.status).toBe(200);
    expect(list.body.data.pagination).toEqual({ page: 1, limit: 20, total: 1, total_pages: 1 });
    expect(list.body.data.data[0]).toMatchObject({
      repository_id: repositoryId,
      owner: 'acme',
      name: 'private-docs',
      branch: 'main',
      status: 'synced',
      retry_count: 0,
      last_error: null,
      circuit_state: 'closed',
      last_delivered_commit: await repo.head(),
    });
    expect(Object.keys(list.body.data.data[0])).not.toContain('github_token');
  });

  it('should keep apps apart and validate ids', async () => {
    expect((await env.request('GET', `/api/repositories/${repositoryId}`, undefined, as(other))).status).toBe(
      404,
    );
    expect((await env.request('GET', '/api/repositories', undefined, as(other))).body.data.data).toEqual([]);
    const bad = await env.request('DELETE', '/api/repositories/repo_..%2F..%2Fetc', undefined, as(app));
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: 'params/repository_id Invalid repository ID format',
      code: 'VALIDATION_FAILED',
      details: ['params/repository_id Invalid repository ID format'],
    });
    expect(
      (await env.request('POST', `/api/repositories/${repositoryId}/sync`, undefined, as(other))).status,
    ).toBe(404);
  });

  it('should check the repository now on POST /sync', async () => {
    app.receiver.clear();
    await repo.commit({ 'b.md': 'B\n' });
    const res = await env.request('POST', `/api/repositories/${repositoryId}/sync`, undefined, as(app));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ message: 'Sync queued', repository_id: repositoryId });
    const hooks = await app.receiver.waitFor((all) => all.length === 1, 30_000);
    expect(hooks[0].event).toBe('create');
  });

  it('should refuse a token GitHub rejects with 422 and accept a valid one', async () => {
    const bad = await env.request(
      'PATCH',
      `/api/repositories/${repositoryId}/token`,
      { github_token: 'ghp_' + 'b'.repeat(36) },
      as(app),
    );
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({ error: 'Invalid GitHub token', code: 'UNPROCESSABLE' });
    const malformed = await env.request(
      'PATCH',
      `/api/repositories/${repositoryId}/token`,
      { github_token: 'nope' },
      as(app),
    );
    expect(malformed.status).toBe(400);
    const ok = await env.request(
      'PATCH',
      `/api/repositories/${repositoryId}/token`,
      { github_token: TOKEN },
      as(app),
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ message: 'Token updated successfully' });
  });

  it('should mark the subscription failed when deliveries exhaust their retries, and retry on POST /sync', async () => {
    app.receiver.clear();
    app.receiver.setResponder(() => ({ status: 500 }));
    await repo.commit({ 'c.md': 'C\n' });
    await env.request('POST', `/api/repositories/${repositoryId}/sync`, undefined, as(app));
    await waitUntil(
      async () =>
        (await env.request('GET', `/api/repositories/${repositoryId}`, undefined, as(app))).body.data
          .status === 'failed',
      {
        timeoutMs: 30_000,
      },
    );
    const failed = (await env.request('GET', `/api/repositories/${repositoryId}`, undefined, as(app))).body
      .data;
    expect(failed.retry_count).toBe(3); // first attempt + two retries
    expect(failed.last_error).toBe('HTTP 500');
    expect(app.receiver.received).toHaveLength(3);
    app.receiver.resetResponder();
    const res = await env.request('POST', `/api/repositories/${repositoryId}/sync`, undefined, as(app));
    expect(res.status).toBe(202);
    await app.receiver.waitFor(
      (all) => all.some((h) => h.status === 200 && (h.body as any).file.path === 'c.md'),
      30_000,
    );
    await waitUntil(
      async () =>
        (await env.request('GET', `/api/repositories/${repositoryId}`, undefined, as(app))).body.data
          .status === 'synced',
      {
        timeoutMs: 30_000,
      },
    );
  });

  it('should unwatch with 204, forget the subscription and clean up the orphaned repository', async () => {
    const res = await env.request('DELETE', `/api/repositories/${repositoryId}`, undefined, as(app));
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect((await env.request('GET', `/api/repositories/${repositoryId}`, undefined, as(app))).status).toBe(
      404,
    );
    const again = await env.request('DELETE', `/api/repositories/${repositoryId}`, undefined, as(app));
    expect(again.status).toBe(404);
    expect(again.body).toEqual({
      error: 'Repository not found or not registered for this app',
      code: 'NOT_FOUND',
    });
    expect(
      await env.query('SELECT 1 FROM repositories WHERE repository_id = $1', [repositoryId]),
    ).toHaveLength(0);
    await waitUntil(
      async () =>
        (await env.query('SELECT 1 FROM repo_heads WHERE repository_id = $1', [repositoryId])).length === 0 &&
        (await env.query('SELECT 1 FROM acknowledged_files WHERE repository_id = $1', [repositoryId]))
          .length === 0 &&
        (await env.query('SELECT 1 FROM planned_files WHERE repository_id = $1', [repositoryId])).length ===
          0,
      { timeoutMs: 30_000 },
    );
  });
});
