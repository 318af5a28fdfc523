import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from './fake-github';
import { TestRepo } from './test-repo';

// Async on purpose: a synchronous child process would block the event loop that serves the fake itself.
function git(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      {
        cwd,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
        },
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const basicHeader = (token: string): string =>
  `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;

describe(FakeGitHub.name, () => {
  let gh: FakeGitHub;
  let work: string;

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    work = await mkdtemp(join(tmpdir(), 'fake-github-spec-'));
  });
  afterAll(async () => {
    await gh.stop();
    await rm(work, { recursive: true, force: true });
  });
  beforeEach(() => gh.resetRequests());

  describe('git smart HTTP', () => {
    it('should serve a public repository to native git ls-remote (protocol v2) and clone', async () => {
      const repo = await gh.createRepo('acme/public-one');
      const sha = await repo.commit({ 'README.md': '# Demo\n', 'docs/a.md': 'a' });

      const ls = await git(['-c', 'protocol.version=2', 'ls-remote', repo.cloneUrl]);
      expect(ls.stdout).toContain(`${sha}\trefs/heads/main`);
      const dir = join(work, 'public-one');
      const clone = await git([
        '-c',
        'protocol.version=2',
        'clone',
        '-q',
        '--depth',
        '1',
        repo.cloneUrl,
        dir,
      ]);
      expect(clone.code).toBe(0);
      expect(await readFile(join(dir, 'docs/a.md'), 'utf8')).toBe('a');
    });

    it('should accept dotted names, URLs without .git and any letter case', async () => {
      const repo = await gh.createRepo('Vuejs/vue.js');
      const sha = await repo.commit({ 'index.js': 'x' });

      const ls = await git(['-c', 'protocol.version=2', 'ls-remote', `${gh.url}/VUEJS/Vue.js`]);
      expect(ls.stdout).toContain(sha);
      expect(gh.requests.every((r) => r.repo === 'vuejs/vue.js')).toBe(true);
    });

    it('should answer 401 for a private repository without credentials', async () => {
      const repo = await gh.createRepo('acme/private-one', { private: true, token: 'tok-private-one' });
      await repo.commit({ 'secret.txt': 's' });

      const ls = await git(['ls-remote', repo.cloneUrl]);
      expect(ls.code).not.toBe(0);
      expect(ls.stderr).toMatch(/could not read Username|Authentication failed/);
      expect(gh.requests[0]).toMatchObject({ kind: 'git', status: 401, authorized: false });
    });

    it('should serve a private repository with the token as Basic password', async () => {
      const repo = await gh.createRepo('acme/private-two', { private: true, token: 'tok-private-two' });
      const sha = await repo.commit({ 'secret.txt': 's' });
      const dir = join(work, 'private-two');

      const clone = await git([
        '-c',
        basicHeader('tok-private-two'),
        'clone',
        '-q',
        '--depth',
        '1',
        repo.cloneUrl,
        dir,
      ]);
      expect(clone.code).toBe(0);
      expect((await git(['rev-parse', 'HEAD'], dir)).stdout.trim()).toBe(sha);
      expect(gh.requests.every((r) => r.authorized)).toBe(true);
    });

    it('should refuse a private repository with another repository token', async () => {
      await gh.createRepo('acme/other', { token: 'tok-other' });
      const repo = await gh.createRepo('acme/private-three', { private: true, token: 'tok-private-three' });

      const ls = await git(['-c', basicHeader('tok-other'), 'ls-remote', repo.cloneUrl]);
      expect(ls.code).not.toBe(0);
      expect(gh.requests.map((r) => r.status)).toEqual([401]);
    });
  });

  describe('REST GET /repos/:owner/:name', () => {
    const get = async (
      path: string,
      token?: string,
    ): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await fetch(`${gh.apiUrl}${path}`, { headers: token ? { Authorization: token } : {} });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    it('should describe a public repository as created, looked up case-insensitively', async () => {
      const repo = await gh.createRepo('Octo-Org/Hello.World', { defaultBranch: 'trunk' });

      const res = await get('/repos/octo-org/hello.world');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: 'Hello.World',
        full_name: 'Octo-Org/Hello.World',
        owner: { login: 'Octo-Org' },
        private: false,
        default_branch: 'trunk',
        html_url: `${gh.url}/Octo-Org/Hello.World`,
        clone_url: repo.cloneUrl,
      });
      expect(typeof res.body.id).toBe('number');
      expect(typeof res.body.node_id).toBe('string');
    });

    it('should answer 401 Bad credentials for an unknown token', async () => {
      await gh.createRepo('acme/rest-public');

      expect(await get('/repos/acme/rest-public', 'token nope')).toEqual({
        status: 401,
        body: { message: 'Bad credentials' },
      });
    });

    it('should hide a private repository unless its token is given', async () => {
      await gh.createRepo('acme/rest-private', { private: true, token: 'tok-rest-private' });
      gh.addToken('tok-unrelated');

      expect(await get('/repos/acme/rest-private')).toEqual({ status: 404, body: { message: 'Not Found' } });
      expect((await get('/repos/acme/rest-private', 'token tok-unrelated')).status).toBe(404);
      const ok = await get('/repos/acme/rest-private', 'Bearer tok-rest-private');
      expect(ok).toMatchObject({ status: 200, body: { private: true, full_name: 'acme/rest-private' } });
    });

    it('should answer 404 for unknown repositories and routes', async () => {
      expect((await get('/repos/acme/does-not-exist')).status).toBe(404);
      expect((await get('/users/acme')).status).toBe(404);
      expect(gh.requests.map((r) => [r.kind, r.status])).toEqual([
        ['api', 404],
        ['api', 404],
      ]);
    });
  });

  describe('requests', () => {
    it('should tell an ls-refs from a fetch', async () => {
      const repo = await gh.createRepo('acme/counted');
      await repo.commit({ 'a.txt': 'a' });

      await git(['-c', 'protocol.version=2', 'ls-remote', '--heads', repo.cloneUrl]);
      const posts = gh.requests.filter((r) => r.method === 'POST');
      expect(posts.map((r) => r.gitCommand)).toEqual(['ls-refs']);
      expect(posts[0].gitArgs).toContain('ref-prefix refs/heads/');
      expect(gh.countFetches('acme/counted')).toBe(0);

      await git([
        '-c',
        'protocol.version=2',
        'clone',
        '-q',
        '--bare',
        repo.cloneUrl,
        join(work, 'counted.git'),
      ]);
      expect(gh.countFetches('ACME/Counted')).toBe(1);
      expect(gh.countFetches('acme/other-repo')).toBe(0);
    });

    it('should report protocol v0 fetches as upload-pack', async () => {
      const repo = await gh.createRepo('acme/counted-v0');
      await repo.commit({ 'a.txt': 'a' });

      await git(['-c', 'protocol.version=0', 'clone', '-q', '--bare', repo.cloneUrl, join(work, 'v0.git')]);
      expect(gh.requests.find((r) => r.method === 'POST')).toMatchObject({
        service: 'git-upload-pack',
        gitCommand: 'upload-pack',
        status: 200,
      });
      expect(gh.countFetches()).toBe(1);
    });
  });

  describe('setUnavailable', () => {
    it('should make REST and git answer the status until restored', async () => {
      const repo = await gh.createRepo('acme/flaky');
      await repo.commit({ 'a.txt': 'a' });

      gh.setUnavailable('Acme/Flaky', 451);
      expect((await fetch(`${gh.apiUrl}/repos/acme/flaky`)).status).toBe(451);
      expect((await git(['ls-remote', repo.cloneUrl])).code).not.toBe(0);
      expect(gh.requests.map((r) => r.status)).toEqual([451, 451]);

      gh.setUnavailable('acme/flaky', null);
      expect((await fetch(`${gh.apiUrl}/repos/acme/flaky`)).status).toBe(200);
      expect((await git(['ls-remote', repo.cloneUrl])).code).toBe(0);
    });
  });

  describe('stop', () => {
    it('should remove the repositories directory', async () => {
      const other = await FakeGitHub.start();
      await other.createRepo('a/b');
      expect(existsSync(other.root)).toBe(true);

      await other.stop();
      expect(existsSync(other.root)).toBe(false);
    });
  });

  describe(TestRepo.name, () => {
    it('should commit adds, modes, symlinks and deletes on top of the previous commit', async () => {
      const repo = await gh.createRepo('acme/commits');
      expect(await repo.head()).toBeNull();
      const first = await repo.commit(
        { 'keep.txt': 'k', 'gone.txt': 'g', 'bin/run': '#!/bin/sh\n' },
        {
          executable: ['bin/run'],
          symlinks: { 'link.txt': 'keep.txt' },
        },
      );
      const second = await repo.commit(
        { 'gone.txt': null, 'data.bin': Buffer.from([0, 255, 1]) },
        { message: 'm2' },
      );

      expect(await repo.head()).toBe(second);
      const dir = join(work, 'commits');
      await git(['clone', '-q', repo.cloneUrl, dir]);
      expect((await git(['rev-parse', 'HEAD~1'], dir)).stdout.trim()).toBe(first);
      expect((await git(['log', '-1', '--format=%s'], dir)).stdout.trim()).toBe('m2');
      expect(existsSync(join(dir, 'gone.txt'))).toBe(false);
      expect([...(await readFile(join(dir, 'data.bin')))]).toEqual([0, 255, 1]);
      expect((await stat(join(dir, 'bin/run'))).mode & 0o111).not.toBe(0);
      expect(await readlink(join(dir, 'link.txt'))).toBe('keep.txt');
    });

    it('should create and commit to branches', async () => {
      const repo = await gh.createRepo('acme/branches');
      const base = await repo.commit({ 'a.txt': 'a' });
      await repo.createBranch('feature');
      const onFeature = await repo.commit({ 'b.txt': 'b' }, { branch: 'feature' });
      const orphan = await repo.commit({ 'c.txt': 'c' }, { branch: 'orphan' });

      expect(await repo.head()).toBe(base);
      expect(await repo.head('feature')).toBe(onFeature);
      expect(await repo.head('orphan')).toBe(orphan);
      const ls = await git(['ls-remote', repo.cloneUrl]);
      expect(ls.stdout).toContain(`${onFeature}\trefs/heads/feature`);
    });

    it('should serialise concurrent commits', async () => {
      const repo = await gh.createRepo('acme/concurrent');
      const shas = await Promise.all([1, 2, 3, 4].map((i) => repo.commit({ [`f${i}.txt`]: String(i) })));

      const log = await git(['log', '--format=%H', 'main'], repo.bareDir);
      expect(log.stdout.trim().split('\n').reverse()).toEqual(shas);
    });
  });
});
