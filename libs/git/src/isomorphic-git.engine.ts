import * as fs from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as git from 'isomorphic-git';
import { pathExists, removeCacheDir } from './cache-dir';
import {
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_LS_REMOTE_TIMEOUT_MS,
  type GitEngine,
  type GitEngineOptions,
  type RemoteSpec,
  type TreeChange,
} from './git-engine.port';
import { GitError, GitErrorCode } from './git-error';
import { absoluteCacheDir, assertBranch, assertOid, assertRemoteUrl } from './git-input';
import { auth, toGitError, withDeadline, type ErrorContext } from './isomorphic-http';
import { diffTrees } from './isomorphic-tree-diff';
import { resolveBranchHead } from './remote-head';

const DEFAULT_MAX_CACHED_REPOS = 4;
/**
 * isomorphic-git's fetch writes refs through a configured refspec. This one (no URL, no credentials) maps the
 * server's branches onto the local ones, like the native engine's `+refs/heads/<b>:refs/heads/<b>`.
 */
const REFSPEC_REMOTE = 'docora';
const REFSPEC = '+refs/heads/*:refs/heads/*';

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

  resolveRemoteHead(remote: RemoteSpec, branch: string): Promise<string | null> {
    return resolveBranchHead(remote, branch, this.lsRemoteTimeoutMs);
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
