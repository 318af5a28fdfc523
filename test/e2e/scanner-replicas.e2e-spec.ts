import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, TestRepo, waitUntil } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';

const paths = (hooks: ReceivedWebhook[]) =>
  hooks.map((h) => `${h.event} ${(h.body as { file: { path: string } }).file.path}`);

/**
 * Two scanner processes on one repository: the apps watch two branches of it, so the two checks are different
 * jobs that two replicas run at the same time, and both would use the repository's git cache. The fake git
 * server holds the first fetch back; the other replica must wait for the repository's lock meanwhile instead of
 * fetching into the same cache. Polling is off (RESCAN_INTERVAL_MS of an hour): only POST /sync triggers checks.
 */
describe('Two scanner replicas (e2e)', () => {
  let env: DocoraTestEnv;
  let repo: TestRepo;
  let onMain: OnboardedApp;
  let onDev: OnboardedApp;
  let repositoryId: string;
  let replica: string;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'separate',
      // One check at a time per replica: while one replica is busy, the other takes the next job.
      env: { SCAN_CONCURRENCY: '1', RESCAN_INTERVAL_MS: '3600000' },
    });
    replica = await env.docora.addReplica('scanner');
    repo = await env.github.createRepo('acme/two-branches');
    await repo.commit({ 'shared.md': 'v1\n' });
    await repo.createBranch('dev');
    onMain = await env.onboardApp('Main app');
    onDev = await env.onboardApp('Dev app');
    const url = `${env.github.url}/acme/two-branches`;
    repositoryId = (await env.registerRepository(onMain, { github_url: url })).body.repository_id;
    expect((await env.registerRepository(onDev, { github_url: url, branch: 'dev' })).status).toBe(201);
    await onMain.receiver.waitFor((all) => all.length === 1, 30_000);
    await onDev.receiver.waitFor((all) => all.length === 1, 30_000);
  }, 240_000);

  useEnvHooks(() => env);

  const sync = (app: OnboardedApp) =>
    env.request('POST', `/api/repositories/${repositoryId}/sync`, undefined, {
      authorization: `Bearer ${app.token}`,
    });

  it('should make the second replica wait for the repository while the first one fetches', async () => {
    onMain.receiver.clear();
    onDev.receiver.clear();
    const heads = {
      main: await repo.commit({ 'main.md': 'on main\n' }),
      dev: await repo.commit({ 'dev.md': 'on dev\n' }, { branch: 'dev' }),
    };
    env.github.resetRequests();
    const release = env.github.fetches.hold(repo.fullName);
    try {
      expect((await sync(onMain)).status).toBe(202);
      expect((await sync(onDev)).status).toBe(202);
      // One replica is inside its fetch (held by the server)...
      await waitUntil(() => env.github.fetches.inFlight(repo.fullName) === 1, { timeoutMs: 30_000 });
      // ...and the other one has taken the other branch's check and waits for the repository's lock.
      await waitUntil(
        async () =>
          (
            await env.query(
              `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            )
          ).length === 1,
        { timeoutMs: 30_000 },
      );
      expect(env.github.fetches.inFlight(repo.fullName)).toBe(1);
    } finally {
      release();
    }
    expect(paths(await onMain.receiver.waitFor((all) => all.length >= 1, 30_000))).toEqual([
      'create main.md',
    ]);
    expect(paths(await onDev.receiver.waitFor((all) => all.length >= 1, 30_000))).toEqual(['create dev.md']);
    expect(env.github.fetches.peak(repo.fullName)).toBe(1);
    expect(env.github.countFetches(repo.fullName)).toBe(2);
    // Each branch was moved by a different process.
    const moved = (group: string) =>
      (['main', 'dev'] as const).filter((b) =>
        env.docora
          .logs(group, 10_000)
          .split('\n')
          .some((l) => l.includes(`${repositoryId}@${b}: `) && l.includes(`→ ${heads[b].slice(0, 7)}`)),
      );
    expect([...moved('scanner'), ...moved(replica)].sort()).toEqual(['dev', 'main']);
    expect(moved('scanner')).toHaveLength(1);
  });
});
