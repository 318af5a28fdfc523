import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitErrorCode } from './git-error';
import { detectNativeGit, NativeGitRunner } from './native-git.process';

// Local git only (no network): checks how the runner isolates and authenticates git processes.
describe(NativeGitRunner.name, () => {
  const git = detectNativeGit();
  let runner: NativeGitRunner;
  let dir: string;

  beforeAll(async () => {
    if (!git) {
      throw new Error('these tests need git >= 2.32 on PATH');
    }
    runner = new NativeGitRunner(git.binary);
    dir = await mkdtemp(join(tmpdir(), 'native-git-runner-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('run', () => {
    it('should pass the token as an environment-config Basic header, not in argv', async () => {
      const { stdout } = await runner.run(['config', '--get', 'http.extraHeader'], {
        op: 'config',
        token: 'tok_abc',
      });
      const expected = `Authorization: Basic ${Buffer.from('x-access-token:tok_abc').toString('base64')}`;
      expect(stdout.toString().trim()).toBe(expected);
    });

    it('should send no header without a token and see no user or system config', async () => {
      const header = runner.run(['config', '--get', 'http.extraHeader'], { op: 'config' });
      await expect(header).rejects.toMatchObject({ code: GitErrorCode.Failed });
      const { stdout } = await runner.run(['config', '--list', '--show-origin'], { op: 'config' });
      expect(stdout.toString()).toBe('');
    });

    it('should disable prompts and run with an empty HOME', async () => {
      const env = await runner.run(['-c', 'alias.e=!env', 'e'], { op: 'env' });
      const vars = env.stdout.toString();
      expect(vars).toContain('GIT_TERMINAL_PROMPT=0');
      expect(vars).toContain('GIT_CONFIG_NOSYSTEM=1');
      expect(vars).toContain('GIT_CONFIG_GLOBAL=/dev/null');
      expect(vars).toMatch(/^HOME=.*docora-git-home-/m);
      const home = /^HOME=(.*)$/m.exec(vars)![1];
      await expect(readdir(home)).resolves.toEqual([]);
    });

    it('should classify and redact a failure', async () => {
      const gitDir = join(dir, 'missing.git');
      const err = await runner.run(['rev-parse', 'HEAD'], { op: 'rev-parse', gitDir }).then(
        () => null,
        (e: unknown) => e as { code: string; message: string },
      );
      expect(err?.code).toBe(GitErrorCode.NotFound);
      expect(err?.message).toMatch(/^git rev-parse: fatal: not a git repository/);
      expect(err?.message).not.toContain(dir);
    });

    it('should stop a command and its children when it exceeds its time limit', async () => {
      const marker = join(dir, 'survived');
      const slow = runner.run(['-c', `alias.s=!sleep 1 && touch ${marker}`, 's'], {
        op: 'sleep',
        timeoutMs: 100,
      });
      const started = Date.now();
      await expect(slow).rejects.toMatchObject({ code: GitErrorCode.Unreachable });
      expect(Date.now() - started).toBeLessThan(1_500);
      // The child shell was killed with git: the marker never appears (checked past the sleep).
      const survived = await new Promise<boolean>((resolve) => {
        const poll = setInterval(
          () =>
            void stat(marker).then(
              () => done(true),
              () => undefined,
            ),
          100,
        );
        const done = (v: boolean): void => {
          clearInterval(poll);
          clearTimeout(deadline);
          resolve(v);
        };
        const deadline = setTimeout(() => done(false), 2_000);
      });
      expect(survived).toBe(false);
    }, 10_000);
  });
});
