import * as fs from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { pathExists, removeCacheDir } from './cache-dir';
import {
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_LS_REMOTE_TIMEOUT_MS,
  type GitEngine,
  type GitEngineOptions,
  type RemoteSpec,
  type TreeChange,
} from './git-engine.port';
import {
  authFailureDetail,
  codeForGitMessage,
  codeForHttpStatus,
  GitError,
  GitErrorCode,
  isNetworkErrorCode,
} from './git-error';
import { absoluteCacheDir, assertBranch, assertOid, assertRemoteUrl, basicAuthHeader } from './git-input';
import { diffTrees } from './isomorphic-tree-diff';
import { redactForOperation } from './redact';

const DEFAULT_MAX_CACHED_REPOS = 4;
/**
 * isomorphic-git's fetch writes refs through a configured refspec. This one (no URL, no credentials) maps the
 * server's branches onto the local ones, like the native engine's `+refs/heads/<b>:refs/heads/<b>`.
 */
const REFSPEC_REMOTE = 'docora';
const REFSPEC = '+refs/heads/*:refs/heads/*';

type AuthOptions = Pick<Parameters<typeof git.fetch>[0], 'headers' | 'onAuth' | 'onAuthFailure'>;

/**
 * The pure-JavaScript adapter (no git binary needed). It reads whole packfiles into memory and is about 5x
 * slower than native git on large clones (TECH-NOTES.md §4), so `auto` prefers native when it exists.
 */
export class IsomorphicGitEngine implements GitEngine {
  readonly name = 'isomorphic' as const;
  /** isomorphic-git's object cache per repository (parsed pack indexes and packfiles), least recent first. */
  private readonly caches = new Map<string, object>();
  private readonly fetchTimeoutMs: number;
  private readonly lsRemoteTimeoutMs: number;
  private readonly maxCachedRepos: number;

  constructor(options: GitEngineOptions = {}) {
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    this.lsRemoteTimeoutMs = options.lsRemoteTimeoutMs ?? DEFAULT_LS_REMOTE_TIMEOUT_MS;
    this.maxCachedRepos = Math.max(1, options.maxCachedRepos ?? DEFAULT_MAX_CACHED_REPOS);
  }

  async resolveRemoteHead(remote: RemoteSpec, branch: string): Promise<string | null> {
    const url = assertRemoteUrl(remote);
    assertBranch(branch);
    const ref = `refs/heads/${branch}`;
    const refs = await this.guard('ls-remote', { token: remote.token }, () =>
      git.listServerRefs({
        http: withDeadline(this.lsRemoteTimeoutMs),
        url,
        protocolVersion: 2,
        prefix: ref,
        ...auth(remote.token),
      }),
    );
    // A prefix also matches refs/heads/<branch>-other: keep the exact name.
    return refs.find((r) => r.ref === ref)?.oid ?? null;
  }

  async fetch(cacheDir: string, remote: RemoteSpec, branch: string): Promise<string> {
    const gitdir = absoluteCacheDir(cacheDir);
    const url = assertRemoteUrl(remote);
    assertBranch(branch);
    const ref = `refs/heads/${branch}`;
    return this.guard('fetch', { token: remote.token, gitdir }, async () => {
      if (!(await pathExists(join(gitdir, 'HEAD')))) {
        await mkdir(gitdir, { recursive: true });
        await git.init({ fs, gitdir, bare: true, defaultBranch: branch });
      }
      // Also for a cache the native engine created: both engines share the on-disk format.
      if ((await git.getConfig({ fs, gitdir, path: `remote.${REFSPEC_REMOTE}.fetch` })) !== REFSPEC) {
        await git.setConfig({ fs, gitdir, path: `remote.${REFSPEC_REMOTE}.fetch`, value: REFSPEC });
      }
      // Depth 1 only for an empty cache: on an existing one, a depth would re-send the whole tree.
      const fresh = (await git.listBranches({ fs, gitdir })).length === 0;
      const result = await git.fetch({
        fs,
        http: withDeadline(this.fetchTimeoutMs),
        gitdir,
        cache: this.cacheFor(gitdir),
        url, // the remote has no URL in config: nothing about it (or its credentials) reaches disk
        remote: REFSPEC_REMOTE,
        ref, // the local branch: its tip is offered to the server as "have"
        remoteRef: ref,
        singleBranch: true,
        tags: false,
        depth: fresh ? 1 : undefined,
        ...auth(remote.token),
      });
      if (!result.fetchHead) {
        throw new GitError(GitErrorCode.NotFound, `git fetch: ${ref} not found (empty repository)`);
      }
      await git.writeRef({ fs, gitdir, ref, value: result.fetchHead, force: true });
      return result.fetchHead;
    });
  }

  async diffCommits(cacheDir: string, fromCommit: string | null, toCommit: string): Promise<TreeChange[]> {
    const gitdir = absoluteCacheDir(cacheDir);
    if (fromCommit !== null) {
      assertOid(fromCommit, 'fromCommit');
    }
    assertOid(toCommit, 'toCommit');
    return this.guard('diff', { gitdir }, () =>
      diffTrees({ gitdir, cache: this.cacheFor(gitdir) }, fromCommit, toCommit),
    );
  }

  async readBlob(cacheDir: string, oid: string): Promise<Readable> {
    const gitdir = absoluteCacheDir(cacheDir);
    assertOid(oid);
    const { blob } = await this.guard('read-blob', { gitdir }, () =>
      git.readBlob({ fs, gitdir, oid, cache: this.cacheFor(gitdir) }),
    );
    const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    return Readable.from(bytes.length > 0 ? [bytes] : []);
  }

  async hasCommit(cacheDir: string, oid: string): Promise<boolean> {
    const gitdir = absoluteCacheDir(cacheDir);
    assertOid(oid);
    try {
      await git.readCommit({ fs, gitdir, oid, cache: this.cacheFor(gitdir) });
      return true;
    } catch {
      return false;
    }
  }

  async removeCache(cacheDir: string): Promise<void> {
    const gitdir = absoluteCacheDir(cacheDir);
    this.caches.delete(gitdir);
    await removeCacheDir(gitdir);
  }

  /** One shared cache object per repository, as isomorphic-git recommends; only the most recent few are kept. */
  private cacheFor(gitdir: string): object {
    const cache = this.caches.get(gitdir) ?? {};
    this.caches.delete(gitdir);
    this.caches.set(gitdir, cache);
    while (this.caches.size > this.maxCachedRepos) {
      this.caches.delete(this.caches.keys().next().value as string);
    }
    return cache;
  }

  /** Runs an isomorphic-git call and turns whatever it throws into a redacted GitError. */
  private async guard<T>(op: string, ctx: ErrorContext, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toGitError(err, op, ctx);
    }
  }
}

/**
 * The token is sent up front (like native git's http.extraHeader), which saves the 401 round trip per request;
 * onAuth answers a 401 once with the same credentials and onAuthFailure cancels, so a rejected token fails
 * once with a clear error instead of looping.
 */
function auth(token: string | undefined): AuthOptions {
  const header = basicAuthHeader(token);
  if (!token || !header) {
    return {};
  }
  return {
    headers: { Authorization: header },
    onAuth: () => ({ username: 'x-access-token', password: token }),
    onAuthFailure: () => ({ cancel: true }),
  };
}

/** isomorphic-git's node client with every request of one operation bounded by a shared deadline. */
function withDeadline(timeoutMs: number): git.HttpClient {
  const signal = AbortSignal.timeout(timeoutMs);
  return { request: (req) => http.request({ ...req, signal }) };
}

interface ErrorContext {
  token?: string;
  gitdir?: string;
}

export function toGitError(err: unknown, op: string, ctx: ErrorContext): GitError {
  const redact = (text: string): string =>
    redactForOperation(text, { token: ctx.token, cacheDir: ctx.gitdir });
  if (err instanceof GitError) {
    return new GitError(err.code, redact(err.message), err.httpStatus);
  }
  const e = (err ?? {}) as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    data?: { statusCode?: unknown };
  };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const text = (detail: string): string => redact(`isomorphic-git ${op}: ${detail}`);
  switch (e.code) {
    case 'HttpError': {
      const status = typeof e.data?.statusCode === 'number' ? e.data.statusCode : undefined;
      const code =
        status !== undefined ? (codeForHttpStatus(status) ?? GitErrorCode.Failed) : GitErrorCode.Failed;
      const detail = code === GitErrorCode.AuthFailed ? authFailureDetail(!!ctx.token, message) : message;
      return new GitError(code, text(detail), status);
    }
    case 'UserCanceledError': // only our onAuthFailure cancels
      return new GitError(GitErrorCode.AuthFailed, text(authFailureDetail(true, '')), 401);
    case 'NotFoundError':
    case 'ObjectTypeError':
      return new GitError(GitErrorCode.NotFound, text(message));
    default:
      if (isNetworkErrorCode(e.code) || e.name === 'AbortError' || e.name === 'TimeoutError') {
        const detail =
          e.name === 'AbortError' || e.name === 'TimeoutError' ? `timed out (${message})` : message;
        return new GitError(GitErrorCode.Unreachable, text(detail));
      }
      return new GitError(codeForGitMessage(message), text(message));
  }
}
