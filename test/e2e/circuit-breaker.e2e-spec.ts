import { DocoraTestEnv, OnboardedApp, TestRepo, waitUntil } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';

/**
 * SPEC §6: a repository that becomes unreadable opens its git circuit once → exactly one `sync_failed` per
 * watching app (durable, signed); failed probes after the cooldown send nothing more; once readable again the
 * circuit closes by itself and deliveries resume with no admin action.
 */
describe('Git circuit breaker and sync_failed (e2e)', () => {
  let env: DocoraTestEnv;
  let repo: TestRepo;
  let apps: OnboardedApp[];
  let repositoryId: string;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: {
        CIRCUIT_BREAKER_THRESHOLD: '2',
        CIRCUIT_BREAKER_COOLDOWN_MS: '1500',
        SCAN_INTERVAL_MS: '100',
        RESCAN_INTERVAL_MS: '200',
      },
    });
    repo = await env.github.createRepo('acme/fragile');
    await repo.commit({ 'readme.md': 'hello\n' });
    apps = [await env.onboardApp('First'), await env.onboardApp('Second')];
    for (const app of apps) {
      const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/fragile` });
      expect(res.status).toBe(201);
      repositoryId = res.body.repository_id;
      await app.receiver.waitFor((all) => all.length === 1, 30_000);
    }
  }, 120_000);

  useEnvHooks(() => env);

  const alerts = (app: OnboardedApp) => app.receiver.received.filter((h) => h.event === 'sync_failed');
  const head = async () =>
    (
      await env.query<{ consecutive_failures: number }>(
        'SELECT consecutive_failures FROM repo_heads WHERE repository_id = $1',
        [repositoryId],
      )
    )[0];

  it('should send exactly one signed sync_failed per watching app when the circuit opens', async () => {
    env.github.setUnavailable('acme/fragile', 500);
    for (const app of apps) {
      await app.receiver.waitFor((all) => all.some((h) => h.event === 'sync_failed'), 30_000);
    }
    // Keep failing through at least one probe after the cooldown: still one alert per app.
    await waitUntil(async () => (await head()).consecutive_failures >= 4, { timeoutMs: 30_000 });
    for (const app of apps) {
      expect(alerts(app)).toHaveLength(1);
      const [alert] = alerts(app);
      expect(alert.signatureValid).toBe(true);
      expect(alert.rawBody).toBe(JSON.stringify(JSON.parse(alert.rawBody)));
      const body = alert.body as Record<string, any>;
      expect(Object.keys(body)).toEqual([
        'event',
        'repository',
        'error',
        'circuit_breaker',
        'retry_count',
        'timestamp',
      ]);
      expect(body.event).toBe('sync_failed');
      expect(body.repository).toEqual({
        repository_id: repositoryId,
        github_url: `${env.github.url}/acme/fragile`,
        owner: 'acme',
        name: 'fragile',
      });
      expect(body.error.type).toBe('git_failure');
      expect(body.error.message).not.toMatch(/\/tmp\/|docora-git-/);
      expect(body.circuit_breaker).toMatchObject({ status: 'open', consecutive_failures: 2, threshold: 2 });
      expect(body.retry_count).toBe(2);
    }
    const view = await env.request('GET', `/api/repositories/${repositoryId}`, undefined, {
      authorization: `Bearer ${apps[0].token}`,
    });
    expect(view.body.data).toMatchObject({ status: 'failed', circuit_state: 'open' });
  });

  it('should resume deliveries by itself once the repository is readable again', async () => {
    env.github.setUnavailable('acme/fragile', null);
    await repo.commit({ 'after.md': 'back\n' });
    for (const app of apps) {
      await app.receiver.waitFor(
        (all) => all.some((h) => h.event === 'create' && (h.body as any).file.path === 'after.md'),
        30_000,
      );
      expect(alerts(app)).toHaveLength(1);
    }
    await waitUntil(
      async () =>
        (
          await env.request('GET', `/api/repositories/${repositoryId}`, undefined, {
            authorization: `Bearer ${apps[1].token}`,
          })
        ).body.data.status === 'synced',
      { timeoutMs: 30_000 },
    );
    expect((await head()).consecutive_failures).toBe(0);
  });
});
