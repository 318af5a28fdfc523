import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pathExists, removeCacheDir } from './cache-dir';
import { CatFileBatch } from './cat-file-batch';
import {
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_LS_REMOTE_TIMEOUT_MS,
  type GitEngine,
  type GitEngineOptions,
  type RemoteSpec,
  type TreeChange,
} from './git-engine.port';
import { GitError, GitErrorCode } from './git-error';
import {
  absoluteCacheDir,
  assertBranch,
  assertOid,
  assertRemoteUrl,
  fileChange,
  sortByPathBytes,
} from './git-input';
import { NativeGitRunner } from './native-git.process';
import { resolveBranchHead } from './remote-head';
import { deliverablePath } from './tree-paths';

/** How long an unused `cat-file --batch` process is kept for the next readBlob. */
const BATCH_IDLE_MS = 5_000;

/**
 * Non-secret settings passed with -c. A stalled transfer (< 1 KB/s for 60 s) is abandoned; auto-gc runs in the
 * foreground so no background git touches the cache after the operation returns; no credential helper or
 * submodule recursion can be configured in from anywhere.
 */
const NETWORK_CONFIG = [
  ['protocol.version', '2'],
  ['http.lowSpeedLimit', '1000'],
  ['http.lowSpeedTime', '60'],
  ['credential.helper', ''],
  ['gc.autoDetach', 'false'],
  ['maintenance.autoDetach', 'false'],
  ['fetch.recurseSubmodules', 'false'],
].flatMap(([k, v]) => ['-c', `${k}=${v}`]);

/** The `git` CLI adapter: fast, streams blobs with bounded memory. Requires git >= 2.32 on PATH. */
export class NativeGitEngine implements GitEngine {
  readonly name = 'native' as const;
  private readonly runner: NativeGitRunner;
  private readonly batches = new Map<string, CatFileBatch>();
  private readonly fetchTimeoutMs: number;
  private readonly lsRemoteTimeoutMs: number;

  constructor(binary: string, options: GitEngineOptions = {}) {
    this.runner = new NativeGitRunner(options.gitBinary ?? binary, options.extraEnv);
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    this.lsRemoteTimeoutMs = options.lsRemoteTimeoutMs ?? DEFAULT_LS_REMOTE_TIMEOUT_MS;
  }

  /** Protocol v2 ls-refs over HTTP (see resolveBranchHead): `git ls-remote` cannot ask for one ref only. */
  resolveRemoteHead(remote: RemoteSpec, branch: string): Promise<string | null> {
    return resolveBranchHead(remote, branch, this.lsRemoteTimeoutMs);
  }

  async fetch(cacheDir: string, remote: RemoteSpec, branch: string): Promise<string> {
    const gitDir = absoluteCacheDir(cacheDir);
    const url = assertRemoteUrl(remote);
    assertBranch(branch);
    this.closeBatch(gitDir);
    await this.ensureRepository(gitDir, branch);
    const ref = `refs/heads/${branch}`;
    // Depth 1 only for an empty cache: on an existing one, a depth would re-send the whole tree.
    const depth = (await this.hasNoRefs(gitDir)) ? ['--depth', '1'] : [];
    const args = ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--update-head-ok', ...depth];
    // From the URL straight into the local branch: no remote is configured, so nothing about it reaches disk.
    await this.runner.run([...NETWORK_CONFIG, ...args, '--', url, `+${ref}:${ref}`], {
      op: 'fetch',
      gitDir,
      token: remote.token,
      timeoutMs: this.fetchTimeoutMs,
    });
    const { stdout } = await this.runner.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      op: 'rev-parse',
      gitDir,
    });
    return stdout.toString('utf8').trim();
  }

  async diffCommits(cacheDir: string, fromCommit: string | null, toCommit: string): Promise<TreeChange[]> {
    const gitDir = absoluteCacheDir(cacheDir);
    if (fromCommit !== null) {
      assertOid(fromCommit, 'fromCommit');
    }
    assertOid(toCommit, 'toCommit');
    if (fromCommit === null) {
      return this.listTree(gitDir, toCommit);
    }
    const { stdout } = await this.runner.run(
      ['diff-tree', '-r', '-z', '--raw', '--no-renames', '--no-abbrev', fromCommit, toCommit],
      { op: 'diff-tree', gitDir },
    );
    const changes = parseRawDiff(stdout);
    const sizes = await this.blobSizes(
      gitDir,
      changes.flatMap((c) => (c.newOid ? [c.newOid] : [])),
    );
    return sortByPathBytes(
      changes.map((c) => ({ ...c, size: c.newOid ? (sizes.get(c.newOid) ?? null) : null })),
    );
  }

  /**
   * A whole tree as additions, sizes included: one `ls-tree -r --long` reads every blob's size itself, where a
   * diff against the empty tree would need a second pass through `cat-file --batch-check`.
   */
  private async listTree(gitDir: string, commit: string): Promise<TreeChange[]> {
    const { stdout } = await this.runner.run(['ls-tree', '-r', '-z', '--long', commit], {
      op: 'ls-tree',
      gitDir,
    });
    const changes: TreeChange[] = [];
    // "<mode> <type> <oid> <size, space-padded>\t<path>\0" per entry (size "-" for submodules).
    for (let at = 0; at < stdout.length;) {
      const tab = stdout.indexOf(0x09, at);
      const end = tab < 0 ? -1 : stdout.indexOf(0, tab + 1);
      if (end < 0) {
        throw new GitError(GitErrorCode.Failed, 'unexpected ls-tree output');
      }
      const [mode, , oid, size] = stdout.toString('latin1', at, tab).split(/ +/);
      const path = deliverablePath(stdout.subarray(tab + 1, end));
      at = end + 1;
      const change = path === null ? null : fileChange(path, null, { oid, mode });
      if (change) {
        changes.push({ ...change, size: Number(size) });
      }
    }
    return sortByPathBytes(changes);
  }

  readBlob(cacheDir: string, oid: string): Promise<Readable> {
    const gitDir = absoluteCacheDir(cacheDir);
    assertOid(oid);
    let batch = this.batches.get(gitDir);
    if (!batch?.alive) {
      const created: CatFileBatch = new CatFileBatch(this.runner, gitDir, BATCH_IDLE_MS, () => {
        if (this.batches.get(gitDir) === created) {
          this.batches.delete(gitDir);
        }
      });
      this.batches.set(gitDir, created);
      batch = created;
    }
    return batch.read(oid);
  }

  async hasCommit(cacheDir: string, oid: string): Promise<boolean> {
    const gitDir = absoluteCacheDir(cacheDir);
    assertOid(oid);
    try {
      await this.runner.run(['cat-file', '-e', `${oid}^{commit}`], { op: 'cat-file', gitDir });
      return true;
    } catch {
      return false;
    }
  }

  async removeCache(cacheDir: string): Promise<void> {
    const gitDir = absoluteCacheDir(cacheDir);
    this.closeBatch(gitDir);
    await removeCacheDir(gitDir);
  }

  private closeBatch(gitDir: string): void {
    this.batches.get(gitDir)?.close();
    this.batches.delete(gitDir);
  }

  private async ensureRepository(gitDir: string, branch: string): Promise<void> {
    if (await pathExists(join(gitDir, 'HEAD'))) {
      return;
    }
    await mkdir(gitDir, { recursive: true });
    await this.runner.run(['init', '--bare', '--quiet', `--initial-branch=${branch}`], {
      op: 'init',
      gitDir,
    });
  }

  private async hasNoRefs(gitDir: string): Promise<boolean> {
    const { stdout } = await this.runner.run(['for-each-ref', '--count=1', '--format=%(refname)'], {
      op: 'for-each-ref',
      gitDir,
    });
    return stdout.length === 0;
  }

  /** Sizes of blobs in one `cat-file --batch-check` call. */
  private async blobSizes(gitDir: string, oids: string[]): Promise<Map<string, number>> {
    const unique = [...new Set(oids)];
    const sizes = new Map<string, number>();
    if (unique.length === 0) {
      return sizes;
    }
    const { stdout } = await this.runner.run(['cat-file', '--batch-check'], {
      op: 'cat-file',
      gitDir,
      input: `${unique.join('\n')}\n`,
    });
    for (const line of stdout.toString('utf8').split('\n')) {
      const [oid, type, size] = line.split(' ');
      if (type === 'blob') {
        sizes.set(oid, Number(size));
      } else if (type === 'missing') {
        throw new GitError(GitErrorCode.NotFound, `blob ${oid} missing from the cache`);
      }
    }
    return sizes;
  }
}

/**
 * Parses `diff-tree -r -z --raw`: ":<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0" per entry.
 * Paths stay bytes until deliverablePath has checked them (a lossy decoding would hide non-UTF-8 names).
 */
function parseRawDiff(raw: Buffer): Omit<TreeChange, 'size'>[] {
  const changes: Omit<TreeChange, 'size'>[] = [];
  for (let at = 0; at < raw.length;) {
    const metaEnd = raw.indexOf(0, at);
    const pathEnd = metaEnd < 0 ? -1 : raw.indexOf(0, metaEnd + 1);
    if (pathEnd < 0 || raw[at] !== 0x3a) {
      throw new GitError(GitErrorCode.Failed, 'unexpected diff-tree output');
    }
    const [oldMode, newMode, oldOid, newOid] = raw.toString('latin1', at + 1, metaEnd).split(' ');
    const path = deliverablePath(raw.subarray(metaEnd + 1, pathEnd));
    at = pathEnd + 1;
    if (path === null) {
      continue;
    }
    // A zero mode means "absent" on that side (added or deleted).
    const before = oldMode === '000000' ? null : { oid: oldOid, mode: oldMode };
    const after = newMode === '000000' ? null : { oid: newOid, mode: newMode };
    const change = fileChange(path, before, after);
    if (change) {
      changes.push(change);
    }
  }
  return changes;
}
