import { DocoraTestEnv, expectEventually, OnboardedApp, ReceivedWebhook, TestRepo } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';

type FileBody = { file: { path: string; size?: number; content?: string } };
const summary = (hooks: ReceivedWebhook[]) =>
  hooks.map((h) => `${h.event} ${(h.body as FileBody).file.path}`);
const byBytes = (paths: string[]) =>
  [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

const LFS_POINTER =
  'version https://git-lfs.github.com/spec/v1\n' +
  'oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
const MAX = 1000;
const HUGE_TREE = 100_000;
const hugePath = (i: number) => `data/${i % 200}/${Math.floor(i / 200) % 50}/f${i}.txt`;

/**
 * Repositories that git accepts but that are awkward to mirror: odd names, empty files, executable bits,
 * symlinks and submodules (skipped), LFS pointers (delivered as the pointer text), names that are not UTF-8 or
 * that a client must never write (`.git`, `..`), files above MAX_FILE_SIZE_BYTES (skipped and shown in the
 * subscription status), and a 100,000-file tree. Defined behaviour, never a crash or a stuck subscription.
 */
describe('Hostile repositories (e2e)', () => {
  let env: DocoraTestEnv;
  let app: OnboardedApp;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single', env: { MAX_FILE_SIZE_BYTES: String(MAX) } });
    app = await env.onboardApp();
  }, 240_000);

  useEnvHooks(() => env);

  const view = async (repositoryId: string) =>
    (
      await env.request('GET', `/api/repositories/${repositoryId}`, undefined, {
        authorization: `Bearer ${app.token}`,
      })
    ).body.data;

  describe('odd entries', () => {
    let repo: TestRepo;
    let repositoryId: string;

    it('should deliver regular files with odd names and skip what cannot or must not be delivered', async () => {
      repo = await env.github.createRepo('acme/hostile');
      const delivered: Record<string, string> = {
        'with space/quote"d.md': 'quotes\n',
        'new\nline.md': 'a newline in the name\n',
        'back\\slash.md': 'a backslash in the name\n',
        'ünï/файл.md': 'unicode\n',
        '\uFEFFbom.md': 'a name starting with a byte order mark\n',
        'empty.txt': '',
        'bin/run.sh': '#!/bin/sh\n',
        'assets/model.bin': LFS_POINTER,
      };
      await repo.commit(
        { ...delivered, 'big.bin': 'x'.repeat(MAX + 1000), 'sub/.git/config': 'x', 'dir/../evil.txt': 'e' },
        {
          executable: ['bin/run.sh'],
          symlinks: { 'link.md': 'ünï/файл.md' },
          gitlinks: { 'vendor/lib': 'a'.repeat(40) },
          bytePaths: [[Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x6d, 0x64]), 'not UTF-8']],
        },
      );
      const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/hostile` });
      expect(res.status).toBe(201);
      repositoryId = res.body.repository_id;
      const hooks = await app.receiver.waitFor((all) => all.length >= 8, 60_000);
      expect(summary(hooks)).toEqual(byBytes(Object.keys(delivered)).map((p) => `create ${p}`));
      for (const h of hooks) {
        const { file } = h.body as FileBody;
        expect({ path: file.path, content: file.content }).toEqual({
          path: file.path,
          content: delivered[file.path],
        });
      }
      expect(
        (hooks.find((h) => (h.body as FileBody).file.path === 'empty.txt')?.body as FileBody).file.size,
      ).toBe(0);
      await expectSkipped(repositoryId, [{ path: 'big.bin', size: MAX + 1000, reason: 'too_large' }]);
      expect(env.docora.logs('all', 100_000)).toContain('above MAX_FILE_SIZE_BYTES');
    });

    it('should deliver a file that shrinks below the limit and delete one that grows above it', async () => {
      app.receiver.clear();
      await repo.commit({
        'big.bin': 'small now\n',
        'empty.txt': 'y'.repeat(MAX + 1),
        'assets/model.bin': LFS_POINTER.replace('12345', '54321'),
      });
      const hooks = await app.receiver.waitFor((all) => all.length >= 3, 60_000);
      expect(summary(hooks)).toEqual(['delete empty.txt', 'create big.bin', 'update assets/model.bin']);
      await expectSkipped(repositoryId, [{ path: 'empty.txt', size: MAX + 1, reason: 'too_large' }]);
    });

    async function expectSkipped(id: string, expected: unknown[]): Promise<void> {
      await expectEventually(async () => expect((await view(id)).skipped_files).toEqual(expected), {
        timeoutMs: 30_000,
      });
    }
  });

  describe(`a ${HUGE_TREE.toLocaleString('en')}-file tree`, () => {
    let repo: TestRepo;
    let repositoryId: string;

    it('should index every file and deliver those within the filters', async () => {
      repo = await env.github.createRepo('acme/huge');
      const files: Record<string, string> = { 'keep/a.md': 'a\n', 'keep/b.md': 'b\n' };
      for (let i = 0; i < HUGE_TREE; i++) {
        files[hugePath(i)] = `${i}\n`;
      }
      await repo.commit(files);
      app.receiver.clear();
      const res = await env.registerRepository(app, {
        github_url: `${env.github.url}/acme/huge`,
        include: ['keep/**'],
      });
      expect(res.status).toBe(201);
      repositoryId = res.body.repository_id;
      const hooks = await app.receiver.waitFor((all) => all.length >= 2, 540_000);
      expect(summary(hooks)).toEqual(['create keep/a.md', 'create keep/b.md']);
      const [{ n }] = await env.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM repo_files WHERE repository_id = $1',
        [repositoryId],
      );
      expect(n).toBe(HUGE_TREE + 2);
    }, 600_000);

    it('should then scan a two-file commit as two changes', async () => {
      app.receiver.clear();
      const commit = await repo.commit({ 'keep/a.md': 'a2\n', [hugePath(1407)]: 'changed\n' });
      const hooks = await app.receiver.waitFor((all) => all.length >= 1, 60_000);
      expect(summary(hooks)).toEqual(['update keep/a.md']);
      expect(
        await env.query('SELECT changed_files FROM scans WHERE repository_id = $1 AND to_commit = $2', [
          repositoryId,
          commit,
        ]),
      ).toEqual([{ changed_files: 2 }]);
    });
  });
});
