import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DocoraTestEnv, OnboardedApp, TestRepo, waitUntil } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';

const APPS = 50;
const TOKEN = 'ghp_' + 'f'.repeat(36);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out.push(...(e.isDirectory() ? await filesUnder(p) : e.isFile() ? [p] : []));
  }
  return out;
}

/** Everything a check could write besides "checked at": listing, scans, blobs, plans, deliveries, the head. */
const STATE_SQL = `
  SELECT (SELECT count(*) FROM scans)::int AS scans, (SELECT count(*) FROM scan_changes)::int AS scan_changes,
         (SELECT md5(string_agg(path || blob_oid || size || mode, ',' ORDER BY path)) FROM repo_files) AS listing,
         (SELECT count(*) FROM blobs)::int AS blobs, (SELECT count(*) FROM blob_parts)::int AS blob_parts,
         (SELECT count(*) FROM change_sets)::int AS change_sets, (SELECT count(*) FROM deliveries)::int AS deliveries,
         (SELECT string_agg(commit_sha || changed_at::text || consecutive_failures, ',') FROM repo_heads) AS heads`;

/**
 * Work is per repository, never per app: 50 apps watching one private repository cost one fetch per commit, and
 * a check that finds nothing new is one ref listing for that branch, with no object transfer, no REST call and
 * no write but the "checked at" time. Polling runs every 300 ms throughout (the test env's RESCAN_INTERVAL_MS).
 */
describe.each(['native', 'isomorphic'] as const)('Per-repository checks (GIT_ENGINE=%s)', (engine) => {
  let env: DocoraTestEnv;
  let repo: TestRepo;
  let apps: OnboardedApp[];
  let repositoryId: string;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single', env: { GIT_ENGINE: engine } });
    repo = await env.github.createRepo('acme/popular', { private: true, token: TOKEN });
    await repo.commit({ 'README.md': '# popular\n' });
    apps = [];
    for (let i = 0; i < APPS; i++) {
      apps.push(await env.onboardApp(`App ${i}`));
    }
    for (const app of apps) {
      const res = await env.registerRepository(app, {
        github_url: `${env.github.url}/acme/popular`,
        github_token: TOKEN,
      });
      expect(res.status).toBe(201);
      repositoryId = res.body.repository_id;
    }
    await Promise.all(apps.map((a) => a.receiver.waitFor((all) => all.length === 1, 60_000)));
  }, 300_000);

  useEnvHooks(() => env);

  it(`should fetch once per commit with ${APPS} apps watching`, async () => {
    await waitUntil(
      async () => (await env.query(`SELECT 1 FROM deliveries WHERE status = 'pending'`)).length === 0,
      { timeoutMs: 30_000 },
    );
    apps.forEach((a) => a.receiver.clear());
    env.github.resetRequests();
    const commit = await repo.commit({ 'news.md': 'one commit\n' });
    await Promise.all(apps.map((a) => a.receiver.waitFor((all) => all.length === 1, 60_000)));
    for (const a of apps) {
      expect(
        a.receiver.received.map((h) => [h.event, (h.body as { commit_sha: string }).commit_sha]),
      ).toEqual([['create', commit]]);
    }
    expect(env.github.countFetches(repo.fullName)).toBe(1);
    expect(await env.query('SELECT branch FROM watched_branches')).toEqual([{ branch: 'main' }]);
  });

  it('should check an unchanged repository with one filtered ref listing and no write but checked_at', async () => {
    await waitUntil(
      async () => (await env.query(`SELECT 1 FROM deliveries WHERE status = 'pending'`)).length === 0,
      { timeoutMs: 30_000 },
    );
    const before = await env.query(STATE_SQL);
    const checkedAt = async () =>
      (await env.query<{ t: Date }>('SELECT checked_at AS t FROM repo_heads'))[0].t.getTime();
    const t0 = await checkedAt();
    env.github.resetRequests();
    const sync = await env.request('POST', `/api/repositories/${repositoryId}/sync`, undefined, {
      authorization: `Bearer ${apps[0].token}`,
    });
    expect(sync.status).toBe(202);
    // Several checks (the sync and polling) have completed after the reset.
    await waitUntil(async () => (await checkedAt()) > t0, { timeoutMs: 30_000 });
    const t1 = await checkedAt();
    await waitUntil(async () => (await checkedAt()) > t1, { timeoutMs: 30_000 });

    const requests = env.github.requests.filter((r) => r.repo === 'acme/popular');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => env.github.isFetch(r))).toEqual([]);
    expect(env.github.requests.filter((r) => r.kind === 'api')).toEqual([]); // no GitHub REST call
    const posts = requests.filter((r) => r.method === 'POST');
    for (const post of posts) {
      expect([post.gitCommand, post.gitArgs.filter((a) => a.startsWith('ref-prefix'))]).toEqual([
        'ls-refs',
        ['ref-prefix refs/heads/main'],
      ]);
    }
    expect(await env.query(STATE_SQL)).toEqual(before);
  });

  it('should never write the GitHub token into the git cache', async () => {
    const files = await filesUnder(env.gitCacheDir);
    expect(files.length).toBeGreaterThan(0);
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    for (const file of files) {
      const bytes = await readFile(file);
      expect({ file, leaked: bytes.includes(TOKEN) || bytes.includes(basic) }).toEqual({
        file,
        leaked: false,
      });
    }
  });
});
