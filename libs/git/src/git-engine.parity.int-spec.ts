import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub, type TestRepo } from '@lib/testing';
import { ENGINES } from './test/git-engine.fixtures';

jest.setTimeout(60_000);

let gh: FakeGitHub;
let work: string;
let cacheSeq = 0;
const newCacheDir = (): string => join(work, `cache-${++cacheSeq}`);

beforeAll(async () => {
  gh = await FakeGitHub.start();
  work = await mkdtemp(join(tmpdir(), 'git-engine-parity-'));
});

afterAll(async () => {
  await gh?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('GitEngine adapters', () => {
  it('should produce identical change sets over a sequence of commits and read each other’s caches', async () => {
    const src = await gh.createRepo('acme/sequence');
    const [iso, native] = ENGINES.map((e) => e.make());
    const isoCache = newCacheDir();
    const nativeCache = newCacheDir();
    const steps: Array<Parameters<TestRepo['commit']>> = [
      [
        { 'README.md': '# r', 'docs/a.md': 'a', 'docs/b.md': 'b', 'bin/run': '#!/bin/sh' },
        { executable: ['bin/run'] },
      ],
      [{ 'docs/a.md': 'a2', 'docs/c/d/e.md': 'e', 'README.md': null }, { symlinks: { 'docs/link': 'a.md' } }],
      [{ 'bin/run': '#!/bin/sh', docs: null }, {}], // mode change, and a whole directory with a symlink deleted
      [{ 'bin/run': null, 'bin/run2': Buffer.from([0, 255, 1, 254]), 'x y/ä.md': 'ä' }, {}],
    ];
    let prev: string | null = null;
    for (const [files, opts] of steps) {
      const head = await src.commit(files, opts);
      await expect(iso.fetch(isoCache, { url: src.cloneUrl }, 'main')).resolves.toBe(head);
      await expect(native.fetch(nativeCache, { url: src.cloneUrl }, 'main')).resolves.toBe(head);
      const fromIso = await iso.diffCommits(isoCache, prev, head);
      expect(fromIso.length).toBeGreaterThan(0);
      await expect(native.diffCommits(nativeCache, prev, head)).resolves.toEqual(fromIso);
      // Caches are plain bare repositories: switching GIT_ENGINE keeps them usable.
      await expect(native.diffCommits(isoCache, prev, head)).resolves.toEqual(fromIso);
      await expect(iso.diffCommits(nativeCache, prev, head)).resolves.toEqual(fromIso);
      prev = head;
    }
  });
});
