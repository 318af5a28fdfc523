import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub, type TestRepo } from '@lib/testing';
import { GitErrorCode } from '@lib/git';
import {
  blobOid,
  byPathBytes,
  change,
  closedPortUrl,
  commitGitlink,
  ENGINES,
  expectGitError,
  filesUnder,
  readAll,
} from './test/git-engine.fixtures';

// One contract, run against a real git smart-HTTP server for each engine (see git-engine.parity.int-spec.ts for
// the two engines compared with each other).
jest.setTimeout(60_000);

let gh: FakeGitHub;
let work: string;
let cacheSeq = 0;
const newCacheDir = (): string => join(work, `cache-${++cacheSeq}`);

beforeAll(async () => {
  gh = await FakeGitHub.start();
  work = await mkdtemp(join(tmpdir(), 'git-engine-contract-'));
});

afterAll(async () => {
  await gh?.stop();
  await rm(work, { recursive: true, force: true });
});

describe.each(ENGINES)('$name', ({ name, make }) => {
  const engine = make();
  const slug = name.toLowerCase();
  let repo: TestRepo;
  let first: string;

  beforeAll(async () => {
    repo = await gh.createRepo(`acme/${slug}-docs`);
    first = await repo.commit({ 'keep.txt': 'keep' });
  });

  describe('resolveRemoteHead', () => {
    it('should return the head of an existing branch with one ls-refs filtered to it and no fetch', async () => {
      const head = await repo.commit({ 'a.txt': 'a' });
      gh.resetRequests();
      await expect(engine.resolveRemoteHead({ url: repo.cloneUrl }, 'main')).resolves.toBe(head);
      expect(gh.countFetches()).toBe(0);
      // No object transfer at all: nothing but the ref listing reaches upload-pack.
      const posts = gh.requests.filter((r) => r.method === 'POST');
      expect(posts.map((r) => r.gitCommand)).toEqual(['ls-refs']);
      // The server lists this one branch (and HEAD, which git may ask for), not every ref.
      const prefixes = posts[0].gitArgs.filter((a) => a.startsWith('ref-prefix '));
      expect(prefixes).toContain('ref-prefix refs/heads/main');
      expect(prefixes.every((p) => ['ref-prefix refs/heads/main', 'ref-prefix HEAD'].includes(p))).toBe(true);
    });

    it('should return null for a missing branch, even when another ref ends with its name', async () => {
      await repo.createBranch('feature/refs/heads/nope');
      await repo.createBranch('nope-2');
      await expect(engine.resolveRemoteHead({ url: repo.cloneUrl }, 'nope')).resolves.toBeNull();
    });

    it('should use the token for a private repository and fail clearly without it or with a wrong one', async () => {
      const priv = await gh.createRepo(`acme/${slug}-private`, {
        private: true,
        token: 'tok_right_0123456789',
      });
      const head = await priv.commit({ 'secret.md': 's' });
      const remote = { url: priv.cloneUrl, token: 'tok_right_0123456789' };
      await expect(engine.resolveRemoteHead(remote, 'main')).resolves.toBe(head);
      await expectGitError(engine.resolveRemoteHead({ url: priv.cloneUrl }, 'main'), GitErrorCode.AuthFailed);
      const wrong = 'tok_wrong_9876543210';
      const err = await expectGitError(
        engine.resolveRemoteHead({ ...remote, token: wrong }, 'main'),
        'GIT_AUTH_FAILED',
      );
      expect(err.message).not.toContain(wrong);
      expect(err.message).not.toContain(Buffer.from(`x-access-token:${wrong}`).toString('base64'));
    });

    it('should map a missing repository, an unavailable host and a closed port', async () => {
      await expectGitError(
        engine.resolveRemoteHead({ url: `${gh.url}/acme/none.git` }, 'main'),
        'GIT_NOT_FOUND',
      );
      gh.setUnavailable(repo.fullName, 503);
      try {
        await expectGitError(engine.resolveRemoteHead({ url: repo.cloneUrl }, 'main'), 'GIT_UNREACHABLE');
      } finally {
        gh.setUnavailable(repo.fullName, null);
      }
      await expectGitError(
        engine.resolveRemoteHead({ url: await closedPortUrl() }, 'main'),
        'GIT_UNREACHABLE',
      );
    });

    it('should refuse URLs with credentials or other transports', async () => {
      const withUser = repo.cloneUrl.replace('http://', 'http://x-access-token:tok_in_url_123@');
      const err = await expectGitError(engine.resolveRemoteHead({ url: withUser }, 'main'), 'GIT_FAILED');
      expect(err.message).not.toContain('tok_in_url_123');
      await expectGitError(engine.resolveRemoteHead({ url: `file://${repo.bareDir}` }, 'main'), 'GIT_FAILED');
      await expectGitError(engine.resolveRemoteHead({ url: repo.cloneUrl }, '--upload-pack=x'), 'GIT_FAILED');
    });
  });

  describe('fetch', () => {
    it('should fetch a brand-new cache with depth 1, then incrementally with one fetch request', async () => {
      const cacheDir = newCacheDir();
      const head = (await repo.head())!;
      await expect(engine.fetch(cacheDir, { url: repo.cloneUrl }, 'main')).resolves.toBe(head);
      await expect(engine.hasCommit(cacheDir, head)).resolves.toBe(true);
      await expect(engine.hasCommit(cacheDir, first)).resolves.toBe(false); // shallow: older history not sent
      const next = await repo.commit({ 'b.txt': 'b' });
      gh.resetRequests();
      await expect(engine.fetch(cacheDir, { url: repo.cloneUrl }, 'main')).resolves.toBe(next);
      expect(gh.countFetches()).toBe(1);
      // Incremental: what the cache has is offered, and no depth would make the server re-send the whole tree.
      // (isomorphic-git fetches with protocol v1, native git with v2: both put these in argument lines.)
      const fetchArgs = gh.requests.filter((r) => gh.isFetch(r)).flatMap((r) => r.gitArgs);
      expect(fetchArgs).toContain(`have ${head}`);
      expect(fetchArgs.filter((a) => /^deepen|\binclude-tag\b/.test(a))).toEqual([]);
      await expect(engine.hasCommit(cacheDir, head)).resolves.toBe(true);
      await expect(engine.diffCommits(cacheDir, head, next)).resolves.toEqual([
        change('b.txt', null, ['b', '100644']),
      ]);
    });

    it('should fail with GIT_NOT_FOUND for a missing branch', async () => {
      await expectGitError(engine.fetch(newCacheDir(), { url: repo.cloneUrl }, 'missing'), 'GIT_NOT_FOUND');
    });

    it('should keep the token off the disk and out of errors for a private repository', async () => {
      const token = 'ghs_0123456789abcdefghijABCDEFGHIJ';
      const priv = await gh.createRepo(`acme/${slug}-private-fetch`, { private: true, token });
      const head = await priv.commit({ 'x.md': 'x' });
      const cacheDir = newCacheDir();
      await expect(engine.fetch(cacheDir, { url: priv.cloneUrl, token }, 'main')).resolves.toBe(head);
      const forms = [token, Buffer.from(`x-access-token:${token}`).toString('base64'), 'Authorization'];
      for (const file of await filesUnder(cacheDir)) {
        const bytes = await readFile(file);
        for (const form of forms) {
          expect({ file, leaked: bytes.includes(form) }).toEqual({ file, leaked: false });
        }
      }
      expect(await readFile(join(cacheDir, 'config'), 'utf8')).not.toContain(priv.cloneUrl);
      const err = await expectGitError(
        engine.fetch(cacheDir, { url: priv.cloneUrl, token: `${token}x` }, 'main'),
        'GIT_AUTH_FAILED',
      );
      expect(err.message).not.toContain(token);
      expect(err.message).not.toContain(work);
    });
  });

  describe('diffCommits', () => {
    const bin = randomBytes(300_000);
    const big = randomBytes(3_000_000);
    let cacheDir: string;
    let base: string;

    beforeAll(async () => {
      const src = await gh.createRepo(`acme/${slug}-diff`);
      base = await src.commit(
        {
          'a.txt': 'x',
          'dir/b.bin': bin,
          'tool.sh': '#!/bin/sh\n',
          'mode.txt': 'm',
          'gone.txt': 'bye',
          'to-link.txt': 't',
          'dir2/file': 'f',
        },
        { executable: ['tool.sh'], symlinks: { link: 'a.txt' } },
      );
      cacheDir = newCacheDir();
      await engine.fetch(cacheDir, { url: src.cloneUrl }, 'main');
      repoForDiff = src;
    });
    let repoForDiff: TestRepo;

    it('should list every regular file of a commit against the empty tree, skipping symlinks', async () => {
      const expected = [
        change('a.txt', null, ['x', '100644']),
        change('dir/b.bin', null, [bin, '100644']),
        change('dir2/file', null, ['f', '100644']),
        change('gone.txt', null, ['bye', '100644']),
        change('mode.txt', null, ['m', '100644']),
        change('to-link.txt', null, ['t', '100644']),
        change('tool.sh', null, ['#!/bin/sh\n', '100755']),
      ];
      await expect(engine.diffCommits(cacheDir, null, base)).resolves.toEqual(byPathBytes(expected));
    });

    it('should report adds, edits, deletes, mode changes and odd paths, sorted by UTF-8 bytes', async () => {
      const files = {
        'a.txt': 'x2',
        'mode.txt': 'm',
        'gone.txt': null,
        'to-link.txt': null,
        'dir2/file': null,
        dir2: 'now a file',
        'new/deep/nested/f.md': '# nested',
        'ünïcødé/файл.txt': 'unicode',
        'with space/a b.txt': 'spaces',
        'empty.txt': '',
        'big.bin': big,
        '\uFF21.txt': 'fullwidth A', // UTF-16 order puts the emoji first, UTF-8 byte order does not
        '\u{1F600}.txt': 'emoji',
      };
      const to = await repoForDiff.commit(files, {
        executable: ['mode.txt'],
        symlinks: { 'to-link.txt': 'a.txt' },
      });
      await expect(engine.fetch(cacheDir, { url: repoForDiff.cloneUrl }, 'main')).resolves.toBe(to);
      const expected = [
        change('a.txt', ['x', '100644'], ['x2', '100644']),
        change('mode.txt', ['m', '100644'], ['m', '100755']),
        change('gone.txt', ['bye', '100644'], null),
        change('to-link.txt', ['t', '100644'], null), // became a symlink
        change('dir2/file', ['f', '100644'], null),
        change('dir2', null, ['now a file', '100644']),
        ...[
          'new/deep/nested/f.md',
          'ünïcødé/файл.txt',
          'with space/a b.txt',
          'empty.txt',
          '\uFF21.txt',
          '\u{1F600}.txt',
        ].map((p) => change(p, null, [files[p as keyof typeof files] as string, '100644'])),
        change('big.bin', null, [big, '100644']),
      ];
      const changes = await engine.diffCommits(cacheDir, base, to);
      expect(changes).toEqual(byPathBytes(expected));
      expect(changes.findIndex((c) => c.path === '\uFF21.txt')).toBeLessThan(
        changes.findIndex((c) => c.path === '\u{1F600}.txt'),
      );
    });

    it('should skip submodule entries (gitlinks)', async () => {
      commitGitlink(repoForDiff, 'vendor/sub', 'f'.repeat(40), { 'keep.txt': 'k2' });
      const head = (await repoForDiff.head())!;
      await expect(engine.fetch(cacheDir, { url: repoForDiff.cloneUrl }, 'main')).resolves.toBe(head);
      const listing = await engine.diffCommits(cacheDir, null, head);
      expect(listing.map((c) => c.path)).not.toContain('vendor/sub');
      expect(listing.map((c) => c.path)).toContain('keep.txt');
    });

    it('should stream blob bytes exactly as committed, also after a stream was abandoned', async () => {
      const early = await engine.readBlob(cacheDir, blobOid(big));
      await new Promise<void>((resolve) => early.once('data', () => resolve()));
      (early as NodeJS.ReadableStream & { destroy(): void }).destroy();
      // Compared through their blob ids: Jest's deep equality walks a 3 MB Buffer byte by byte for seconds.
      for (const content of [bin, big, '', 'unicode', big]) {
        const bytes = await readAll(await engine.readBlob(cacheDir, blobOid(content)));
        expect(blobOid(bytes)).toBe(blobOid(content));
      }
    });

    it('should reject a blob that is not in the cache', async () => {
      await expectGitError(engine.readBlob(cacheDir, blobOid('never committed')), 'GIT_NOT_FOUND');
      await expect(readAll(await engine.readBlob(cacheDir, blobOid('x2')))).resolves.toEqual(
        Buffer.from('x2'),
      );
    });
  });

  describe('removeCache', () => {
    it('should delete a cache and refuse a directory that is not one', async () => {
      const cacheDir = newCacheDir();
      await engine.fetch(cacheDir, { url: repo.cloneUrl }, 'main');
      await engine.removeCache(cacheDir);
      await expect(readdir(cacheDir)).rejects.toThrow();
      await engine.removeCache(cacheDir); // already gone: no error
      const other = join(work, `${slug}-not-a-cache`);
      await mkdir(other);
      await writeFile(join(other, 'precious.txt'), 'data');
      await expectGitError(engine.removeCache(other), 'GIT_FAILED');
      await expect(readFile(join(other, 'precious.txt'), 'utf8')).resolves.toBe('data');
    });
  });
});
