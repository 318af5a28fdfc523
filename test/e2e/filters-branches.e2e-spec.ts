import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, TestRepo, waitUntil } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';

type FileBody = { file: { path: string; content?: string } };
const summary = (hooks: ReceivedWebhook[]) =>
  hooks.map((h) => `${h.event} ${(h.body as FileBody).file.path}`);

/**
 * Per-subscription branch and include/exclude globs, changed by registering again: the app receives exactly the
 * difference between what it has and its new scope (files entering it as creates, files leaving it as deletes,
 * and on a branch change whatever differs between the two trees), never a full re-send. Polling is off
 * (RESCAN_INTERVAL_MS of an hour) and so is reconciliation in practice (an hour): the re-registration alone must
 * trigger the change set.
 */
describe('Branches and filters (e2e)', () => {
  let env: DocoraTestEnv;
  let repo: TestRepo;
  let app: OnboardedApp;
  let repositoryId: string;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: { RESCAN_INTERVAL_MS: '3600000', RECONCILE_INTERVAL_MS: '3600000' },
    });
    repo = await env.github.createRepo('acme/scoped');
    await repo.commit({
      'README.md': '# readme\n',
      'docs/a.md': 'a on main\n',
      'docs/b.md': 'b\n',
      'docs/private/secret.md': 'secret\n',
      'src/x.ts': 'x\n',
    });
    await repo.createBranch('next');
    await repo.commit(
      { 'docs/a.md': 'a on next\n', 'docs/c.md': 'c only on next\n', 'src/x.ts': null },
      { branch: 'next' },
    );
    app = await env.onboardApp();
  }, 240_000);

  useEnvHooks(() => env);

  /** Registers (again) and returns exactly the webhooks that follow, once the subscription is synced. */
  async function register(body: Record<string, unknown>, expected: number): Promise<string[]> {
    app.receiver.clear();
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/scoped`, ...body });
    expect(res.status).toBe(201);
    repositoryId = res.body.repository_id;
    await app.receiver.waitFor((all) => all.length >= expected, 30_000);
    await waitUntil(
      async () => {
        const view = await env.request('GET', `/api/repositories/${repositoryId}`, undefined, {
          authorization: `Bearer ${app.token}`,
        });
        return view.body.data?.status === 'synced' && view.body.data.branch === (body.branch ?? 'main');
      },
      { timeoutMs: 30_000 },
    );
    return summary(app.receiver.received);
  }

  it('should deliver only the files within the include globs', async () => {
    await expect(register({ include: ['docs/**'], exclude: ['docs/private/**'] }, 2)).resolves.toEqual([
      'create docs/a.md',
      'create docs/b.md',
    ]);
  });

  it('should send nothing when registering again with the same scope', async () => {
    await expect(register({ include: ['docs/**'], exclude: ['docs/private/**'] }, 0)).resolves.toEqual([]);
    // Deliveries are ordered per app and repository: a re-send would arrive before this commit's create.
    await repo.commit({ 'docs/d.md': 'd\n' });
    await env.request('POST', `/api/repositories/${repositoryId}/sync`, undefined, {
      authorization: `Bearer ${app.token}`,
    });
    await app.receiver.waitFor((all) => all.length >= 1, 30_000);
    expect(summary(app.receiver.received)).toEqual(['create docs/d.md']);
  });

  it('should send exactly the files entering and leaving the scope when the filters change', async () => {
    await expect(register({ include: ['docs/**', '*.md'], exclude: ['docs/b.md'] }, 3)).resolves.toEqual([
      'delete docs/b.md',
      'create README.md',
      'create docs/private/secret.md',
    ]);
  });

  it('should send the difference between the two trees when the branch changes', async () => {
    const hooks = await register({ branch: 'next', include: ['docs/**', '*.md'], exclude: ['docs/b.md'] }, 3);
    expect(hooks).toEqual(['delete docs/d.md', 'create docs/c.md', 'update docs/a.md']);
    expect((app.receiver.received[2].body as FileBody).file.content).toBe('a on next\n');
  });

  it('should go back to everything on the first branch with one change set of differences', async () => {
    const hooks = await register({ branch: 'main', include: [], exclude: [] }, 5);
    expect(hooks).toEqual([
      'delete docs/c.md',
      'create docs/b.md',
      'create docs/d.md',
      'create src/x.ts',
      'update docs/a.md',
    ]);
    // The branch nobody watches any more is no longer checked.
    expect(await env.query('SELECT branch FROM watched_branches')).toEqual([{ branch: 'main' }]);
  });
});
