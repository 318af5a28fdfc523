import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants, lstatSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  authFailureDetail,
  codeForGitMessage,
  GitError,
  GitErrorCode,
  httpStatusInMessage,
} from './git-error';
import { basicAuthHeader } from './git-input';
import { redactForOperation } from './redact';

export interface NativeGit {
  binary: string;
  version: string;
}

/** GIT_CONFIG_COUNT needs 2.31, GIT_CONFIG_GLOBAL 2.32. */
const MIN_VERSION: [number, number] = [2, 32];

/**
 * Finds the git binary on the inherited PATH and returns its absolute path, or null when there is none (or it
 * is too old). The absolute path lets every later git process run with a minimal environment.
 */
export function detectNativeGit(): NativeGit | null {
  const version = spawnSync('git', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const m = version.status === 0 ? /git version (\d+)\.(\d+)/.exec(version.stdout) : null;
  if (!m) {
    return null;
  }
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) {
    return null;
  }
  const execPath = spawnSync('git', ['--exec-path'], { encoding: 'utf8', timeout: 10_000 });
  // `make install` links git into its exec-path (Debian, Alpine, Homebrew, source builds).
  const candidates = [join(execPath.stdout.trim(), 'git')];
  const which = spawnSync('/bin/sh', ['-c', 'command -v git'], { encoding: 'utf8', timeout: 10_000 });
  if (which.status === 0) {
    candidates.unshift(which.stdout.trim());
  }
  for (const candidate of candidates) {
    try {
      if (candidate.startsWith('/')) {
        accessSync(candidate, constants.X_OK);
        return { binary: candidate, version: `${major}.${minor}` };
      }
    } catch {
      // try the next candidate
    }
  }
  return null;
}

let isolatedHome: string | undefined;

/**
 * An empty HOME (and cwd) for git: no ~/.gitconfig, ~/.netrc or credential store can add or leak credentials.
 * One directory per user, reused by every process (a fresh one per process would pile up in /tmp); it must be
 * a real directory owned by us and closed to others, else a private one is made.
 */
function emptyHome(): string {
  if (isolatedHome) {
    return isolatedHome;
  }
  const uid = process.getuid?.();
  const shared = join(tmpdir(), `docora-git-home-${uid ?? 'user'}`);
  try {
    mkdirSync(shared, { recursive: true, mode: 0o700 });
    const st = lstatSync(shared);
    const safe = st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o077) === 0;
    isolatedHome = safe && readdirSync(shared).length === 0 ? shared : undefined;
  } catch {
    isolatedHome = undefined;
  }
  isolatedHome ??= mkdtempSync(join(tmpdir(), 'docora-git-home-'));
  return isolatedHome;
}

export interface GitRunOptions {
  /** The repository (GIT_DIR); without it git runs outside any repository. */
  gitDir?: string;
  /** Sent as `Authorization: Basic x-access-token:<token>` through environment config, never argv or disk. */
  token?: string;
  input?: string | Buffer;
  timeoutMs?: number;
  /** Label for error messages, e.g. 'fetch'. */
  op: string;
}

export interface GitRunResult {
  stdout: Buffer;
  stderr: string;
}

export class NativeGitRunner {
  constructor(
    readonly binary: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  /** Runs git to completion; rejects with a redacted GitError on a non-zero exit, a spawn error or a timeout. */
  run(args: string[], opts: GitRunOptions): Promise<GitRunResult> {
    return new Promise((resolve, reject) => {
      // Its own process group, so a timeout also stops git's helpers (git-remote-https, index-pack).
      const child = this.spawn(args, opts, true);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer =
        opts.timeoutMs !== undefined
          ? setTimeout(() => {
              killGroup(child.pid);
              settle(() =>
                reject(this.error(opts, `timed out after ${opts.timeoutMs} ms`, GitErrorCode.Unreachable)),
              );
            }, opts.timeoutMs)
          : undefined;
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.stdin.on('error', () => undefined); // EPIPE when git exits early; the exit status tells the story
      child.on('error', (e) => {
        settle(() => reject(this.error(opts, `cannot run git: ${e.message}`, GitErrorCode.Failed)));
      });
      child.on('close', (code, signal) => {
        const stderr = Buffer.concat(err).toString('utf8');
        if (code === 0) {
          return settle(() => resolve({ stdout: Buffer.concat(out), stderr }));
        }
        const summary = summarize(stderr) || `exited with ${code ?? signal}`;
        const errorCode = codeForGitMessage(stderr);
        // git reports a 401 as "could not read Username": say what actually happened.
        const failure =
          errorCode === GitErrorCode.AuthFailed
            ? this.error(
                opts,
                authFailureDetail(!!opts.token, summary),
                errorCode,
                httpStatusInMessage(stderr) ?? 401,
              )
            : this.error(opts, summary, errorCode, httpStatusInMessage(stderr));
        settle(() => reject(failure));
      });
      child.stdin.end(opts.input ?? '');
    });
  }

  /** Starts git with an isolated environment; the caller owns the process and its streams. */
  spawn(
    args: string[],
    opts: Pick<GitRunOptions, 'gitDir' | 'token'>,
    ownProcessGroup = false,
  ): ChildProcessWithoutNullStreams {
    return spawn(this.binary, args, {
      cwd: emptyHome(),
      env: this.env(opts),
      stdio: 'pipe',
      detached: ownProcessGroup,
      windowsHide: true,
    });
  }

  /** A GitError whose message has the token, its Basic form and local paths removed. */
  error(
    opts: Pick<GitRunOptions, 'op' | 'token' | 'gitDir'>,
    detail: string,
    code: GitErrorCode,
    status?: number,
  ) {
    const message = redactForOperation(`git ${opts.op}: ${detail}`, {
      token: opts.token,
      cacheDir: opts.gitDir,
    });
    return new GitError(code, message, status);
  }

  private env(opts: Pick<GitRunOptions, 'gitDir' | 'token'>): Record<string, string> {
    const home = emptyHome();
    const env: Record<string, string> = {
      ...this.extraEnv,
      PATH: `${dirname(this.binary)}:/usr/local/bin:/usr/bin:/bin`,
      HOME: home,
      XDG_CONFIG_HOME: home,
      // English messages: error classification reads them.
      LC_ALL: 'C',
      LANG: 'C',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
    };
    if (opts.gitDir) {
      env.GIT_DIR = opts.gitDir;
    }
    const auth = basicAuthHeader(opts.token);
    if (auth) {
      // Environment config is visible only to this process and its children (not in ps, not on disk).
      env.GIT_CONFIG_COUNT = '1';
      env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
      env.GIT_CONFIG_VALUE_0 = `Authorization: ${auth}`;
    }
    return env;
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) {
    return;
  }
  try {
    process.kill(-pid, 'SIGTERM'); // git removes its temporary packs on SIGTERM
  } catch {
    // already gone
  }
}

/** The useful part of git's stderr: no hints or progress, at most a few hundred characters. */
function summarize(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('hint:'));
  const text = lines.join('; ');
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
