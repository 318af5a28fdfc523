import { spawn } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export const TEST_AUTHOR = { name: 'Docora Test', email: 'test@docora.invalid' };

/**
 * Environment for every git process the fixtures start: no system/global config (so a developer's
 * `~/.gitconfig` with hooks, signing or `init.defaultBranch` cannot change results), no prompts, fixed identity.
 */
export function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: TEST_AUTHOR.name,
    GIT_AUTHOR_EMAIL: TEST_AUTHOR.email,
    GIT_COMMITTER_NAME: TEST_AUTHOR.name,
    GIT_COMMITTER_EMAIL: TEST_AUTHOR.email,
    GIT_AUTHOR_DATE: '1700000000 +0000',
    GIT_COMMITTER_DATE: '1700000000 +0000',
    ...extra,
  };
  // Inherited repository pointers (e.g. when tests run from a git hook) would redirect our commands.
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_NAMESPACE']) {
    if (!(k in extra)) {
      delete env[k];
    }
  }
  return env;
}

/** Runs git and resolves with its output; rejects on a non-zero exit unless `allowFail`. */
export function runGit(
  args: string[],
  opts: { cwd?: string; input?: Buffer | string; allowFail?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: opts.cwd, env: gitEnv(opts.env), stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // EPIPE when git exits early; the exit code tells the story
    child.on('close', (code) => {
      const result = { code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() };
      if (result.code !== 0 && !opts.allowFail) {
        reject(new Error(`git ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`));
      } else {
        resolve(result);
      }
    });
    child.stdin.end(opts.input ?? '');
  });
}
