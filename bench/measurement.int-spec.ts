import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub, waitUntil } from '@lib/testing';
import { serveGenerated, timeGitClone } from './harness';
import { ensureRepo, git, type RepoSpec, TARGET_PATH } from './repo-generator';
import { childPids, readMemory, RssSampler } from './rss-sampler';

// The benchmark's measuring parts on tiny inputs (the full harness is `npm run bench -- --quick`, minutes long).
describe('bench measurement', () => {
  let work: string;
  let github: FakeGitHub;
  const quiet = () => undefined;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'bench-spec-'));
    github = await FakeGitHub.start();
  });

  afterAll(async () => {
    await github?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('should generate a deterministic repository once and then reuse the cached copy', async () => {
    const spec: RepoSpec = { kind: 'many-files', seed: 3, files: 40, binaryShare: 0.1 };
    const first = await ensureRepo(spec, join(work, 'cache-a'), quiet);
    expect(first).toMatchObject({ generated: true, files: 40 });
    expect(first.head).toMatch(/^[0-9a-f]{40}$/);
    expect(await ensureRepo(spec, join(work, 'cache-a'), quiet)).toEqual({ ...first, generated: false });
    // Same parameters elsewhere: the same commit, byte for byte.
    expect((await ensureRepo(spec, join(work, 'cache-b'), quiet)).head).toBe(first.head);
    expect((await ensureRepo({ ...spec, seed: 4 }, join(work, 'cache-b'), quiet)).head).not.toBe(first.head);
  });

  it('should serve a cached repository and time a native clone of it, counting one fetch', async () => {
    const spec: RepoSpec = { kind: 'large', seed: 1, textFiles: 5, binaryBytes: 400_000 };
    const gen = await ensureRepo(spec, join(work, 'cache-a'), quiet);
    expect(gen.files).toBe(5 + 36);
    expect(gen.bytes).toBeGreaterThan(400_000);
    const repo = await serveGenerated(github, 'bench/large', gen);
    expect(await repo.head()).toBe(gen.head);
    const tree = await git(['ls-tree', '--name-only', 'HEAD'], { cwd: repo.bareDir });
    expect(tree.split('\n')).toContain(TARGET_PATH);
    github.resetRequests();
    const dir = join(work, 'clone');
    const seconds = await timeGitClone(repo.cloneUrl, dir);
    expect(seconds).toBeGreaterThan(0);
    expect(existsSync(dir)).toBe(false);
    expect(github.countFetches('bench/large')).toBe(1);
    expect(github.requests.every((r) => r.ms !== null && r.ms >= 0 && r.at > 0)).toBe(true);
    // Commits on the served copy leave the cache untouched.
    await repo.commit({ [TARGET_PATH]: 'changed\n' });
    expect(await git(['rev-parse', 'main'], { cwd: gen.dir })).toBe(`${gen.head}\n`);
  });

  it('should report the peak memory of a process and of its children', async () => {
    const script = `
      const keep = Buffer.alloc(80 * 2 ** 20, 1);
      require('node:child_process').spawn(process.execPath, ['-e',
        'const b = Buffer.alloc(60 * 2 ** 20, 1); console.log("ready"); setInterval(() => b, 1000)'],
        { stdio: ['ignore', 'inherit', 'inherit'] });
      setInterval(() => keep, 1000);`;
    const root = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let child = 0;
    try {
      const sampler = new RssSampler({ root: root.pid as number }, 20);
      await new Promise<void>((resolve) => root.stdout.once('data', () => resolve()));
      await waitUntil(() => {
        child = childPids(root.pid as number)[0] ?? 0;
        return (readMemory(child)?.rssKb ?? 0) > 60 * 1024;
      });
      const report = sampler.stop();
      expect(report.peakMbByProcess.root).toBeGreaterThanOrEqual(80);
      expect(report.peakChildMb).toBeGreaterThanOrEqual(60);
    } finally {
      // The grandchild outlives its parent (it runs forever): end it here too when a check above fails.
      if (child) {
        process.kill(child);
      }
      root.kill();
    }
  });
});
