import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub, type TestRepo } from '@lib/testing';
import type { TreeChange } from './git-engine.port';
import { ENGINES } from './test/git-engine.fixtures';
import { PARITY_CORPUS } from './test/parity-corpus';

/** Applies a change set to a listing (path → blob id and mode), as the scanner maintains it incrementally. */
function apply(listing: Map<string, string>, changes: TreeChange[]): void {
  for (const c of changes) {
    if (c.status === 'deleted') {
      listing.delete(c.path);
    } else {
      listing.set(c.path, `${c.newOid} ${c.newMode}`);
    }
  }
}

const asListing = (changes: TreeChange[]) =>
  new Map(changes.map((c) => [c.path, `${c.newOid} ${c.newMode}`]));

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

  it('should agree on a hostile corpus, and incremental listings should equal full listings', async () => {
    const src = await gh.createRepo('acme/hostile-corpus');
    const [iso, native] = ENGINES.map((e) => e.make());
    const [isoCache, nativeCache] = [newCacheDir(), newCacheDir()];
    const listing = new Map<string, string>();
    let prev: string | null = null;
    for (const step of PARITY_CORPUS) {
      const head = await src.commit(step.files, step.opts);
      await expect(iso.fetch(isoCache, { url: src.cloneUrl }, 'main')).resolves.toBe(head);
      await expect(native.fetch(nativeCache, { url: src.cloneUrl }, 'main')).resolves.toBe(head);
      const fromNative = await native.diffCommits(nativeCache, prev, head);
      expect({ step: step.what, changes: await iso.diffCommits(isoCache, prev, head) }).toEqual({
        step: step.what,
        changes: fromNative,
      });
      apply(listing, fromNative);
      const full = await native.diffCommits(nativeCache, null, head);
      await expect(iso.diffCommits(isoCache, null, head)).resolves.toEqual(full);
      expect({ step: step.what, listing }).toEqual({ step: step.what, listing: asListing(full) });
      for (const path of listing.keys()) {
        const parts = path.split('/');
        expect({ path, skipped: parts.some((p) => ['.', '..', '.git'].includes(p.toLowerCase())) }).toEqual({
          path,
          skipped: false,
        });
        expect(path).not.toContain('\uFFFD');
      }
      if (prev === null) {
        expect([...listing.keys()].sort()).toEqual(
          [
            'README.md',
            'docs/a.md',
            'docs/b.md',
            'docs/deep/x/y/z.md',
            'bin/run',
            'empty.txt',
            'assets/big.psd',
            'with space/quote"d.md',
            'new\nline.md',
            'back\\slash.md',
            'ünï/файл.md',
            '\uFF21.txt',
            '\u{1F600}.txt',
            '\uFEFFbom.txt',
            '.gitignore',
          ].sort(),
        );
      }
      prev = head;
    }
    expect(listing.get('bin/run')).toMatch(/ 100755$/);
    expect(listing.get('vendor/lib')).toMatch(/ 100644$/); // the file that replaced the submodule
    expect(listing.has('README.md/inner.md') && listing.has('with space')).toBe(true);
    expect(listing.has('link') && !listing.has('empty.txt')).toBe(true); // symlink <-> file swaps
  });
});
