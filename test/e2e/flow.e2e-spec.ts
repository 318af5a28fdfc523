import { createHash } from 'node:crypto';
import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, TestRepo, waitUntil } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0x00, 0x10,
]);

type FileBody = {
  repository: Record<string, unknown>;
  file: { path: string; sha: string; size?: number; content?: string; content_encoding?: string };
  previous_sha?: string;
  commit_sha: string;
};

function summary(hooks: ReceivedWebhook[]): string[] {
  return hooks.map((h) => `${h.event} ${(h.body as FileBody).file.path}`);
}

/**
 * The whole flow through all five apps on real PostgreSQL, Redis, NATS JetStream, a real git smart-HTTP server and
 * a signature-verifying receiver: onboard → register → initial snapshot → a commit that deletes, adds and modifies.
 */
describe.each(['single', 'separate'] as const)('Docora end to end (%s process mode)', (mode) => {
  let env: DocoraTestEnv;
  let repo: TestRepo;
  let app: OnboardedApp;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode });
    repo = await env.github.createRepo('Acme/docs.site');
    await repo.commit({ 'README.md': '# Demo\nhello\n', 'docs/guide.md': 'Guide v1\n', 'img/logo.png': PNG });
  }, 120_000);

  useEnvHooks(() => env);

  it('should answer readiness with its dependencies', async () => {
    const res = await env.request('GET', '/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.info).toMatchObject({
      database: { status: 'up' },
      redis: { status: 'up' },
      nats: { status: 'up' },
    });
  });

  it('should onboard an app and register a repository', async () => {
    app = await env.onboardApp();
    expect(app.app_id).toMatch(/^app_[0-9a-f]{24}$/);
    expect(app.token).toMatch(/^docora_[0-9a-f]{64}$/);
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/docs.site.git` });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      repository_id: expect.stringMatching(/^repo_[0-9a-f]{24}$/),
      github_url: `${env.github.url}/Acme/docs.site`,
      owner: 'Acme',
      name: 'docs.site',
      is_private: false,
      branch: 'main',
      include: [],
      exclude: [],
    });
  });

  it('should deliver the initial snapshot as signed creates', async () => {
    const hooks = await app.receiver.waitFor((all) => all.length >= 3, 30_000);
    expect(summary(hooks)).toEqual(['create README.md', 'create docs/guide.md', 'create img/logo.png']);
    for (const h of hooks) {
      expect(h.signatureValid).toBe(true);
      expect(h.headers['x-docora-app-id']).toBe(app.app_id);
      expect(h.rawBody).toBe(JSON.stringify(JSON.parse(h.rawBody)));
    }
    const [readme, , logo] = hooks.map((h) => h.body as FileBody);
    expect(readme.file).toEqual({
      path: 'README.md',
      sha: sha256('# Demo\nhello\n'),
      size: 13,
      content: '# Demo\nhello\n',
    });
    expect(Object.keys(readme)).toEqual(['repository', 'file', 'commit_sha', 'timestamp']);
    expect(readme.commit_sha).toBe(await repo.head());
    expect(logo.file).toEqual({
      path: 'img/logo.png',
      sha: sha256(PNG),
      size: PNG.length,
      content: PNG.toString('base64'),
      content_encoding: 'base64',
    });
  });

  it('should deliver exactly a delete, a create and an update, in that order, for the next commit', async () => {
    app.receiver.clear();
    const commit = await repo.commit({
      'README.md': '# Demo\nhello again\n',
      'new.txt': 'new file\n',
      'docs/guide.md': null,
    });
    const hooks = await app.receiver.waitFor((all) => all.length >= 3, 30_000);
    expect(summary(hooks)).toEqual(['delete docs/guide.md', 'create new.txt', 'update README.md']);
    const [del, , upd] = hooks.map((h) => h.body as FileBody);
    expect(del.file).toEqual({ path: 'docs/guide.md', sha: sha256('Guide v1\n') });
    expect(Object.keys(upd)).toEqual(['repository', 'file', 'previous_sha', 'commit_sha', 'timestamp']);
    expect(upd.previous_sha).toBe(sha256('# Demo\nhello\n'));
    expect(upd.file.content).toBe('# Demo\nhello again\n');
    expect(hooks.every((h) => h.signatureValid && (h.body as FileBody).commit_sha === commit)).toBe(true);
  });

  if (mode === 'separate') {
    it('should still deliver when the notifier is killed after changes.detected and before delivery', async () => {
      // A webhook is acknowledged in the database just after its 2xx; a kill before that would (rightly) re-send it.
      await waitUntil(
        async () => (await env.query(`SELECT 1 FROM deliveries WHERE status = 'pending'`)).length === 0,
        { timeoutMs: 30_000 },
      );
      app.receiver.clear();
      await env.docora.kill('notifier');
      const commit = await repo.commit({ 'after-notifier-crash.txt': 'x\n' });
      // diff has published changes.detected: the change set exists, nobody has sent it.
      await waitUntil(
        async () =>
          (await env.query(`SELECT 1 FROM change_sets WHERE to_commit = $1`, [commit])).length === 1,
        { timeoutMs: 30_000 },
      );
      expect(app.receiver.received).toHaveLength(0);
      await env.docora.restart('notifier');
      const hooks = await app.receiver.waitFor((all) => all.length >= 1, 30_000);
      expect(summary(hooks)).toEqual(['create after-notifier-crash.txt']);
    });

    it('should still deliver when the diff app is killed between repo.scanned and changes.detected', async () => {
      await waitUntil(
        async () => (await env.query(`SELECT 1 FROM deliveries WHERE status = 'pending'`)).length === 0,
        { timeoutMs: 30_000 },
      );
      app.receiver.clear();
      await env.docora.kill('diff');
      const commit = await repo.commit({ 'after-diff-crash.txt': 'y\n' });
      // scanner has recorded the move and published repo.scanned; no change set exists yet.
      await waitUntil(
        async () => (await env.query(`SELECT 1 FROM scans WHERE to_commit = $1`, [commit])).length === 1,
        { timeoutMs: 30_000 },
      );
      expect(await env.query(`SELECT 1 FROM change_sets WHERE to_commit = $1`, [commit])).toHaveLength(0);
      await env.docora.restart('diff');
      const hooks = await app.receiver.waitFor((all) => all.length >= 1, 30_000);
      expect(summary(hooks)).toEqual(['create after-diff-crash.txt']);
    });
  }
});
