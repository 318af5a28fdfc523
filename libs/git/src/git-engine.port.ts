export type GitEngineName = 'isomorphic' | 'native';

/** Where to fetch from. The token is sent as HTTP Basic `x-access-token:<token>` and never written to disk. */
export interface RemoteSpec {
  url: string;
  token?: string;
}

export type TreeChangeStatus = 'added' | 'modified' | 'deleted';

/** A regular file's mode as git stores it in a tree. */
export type FileMode = '100644' | '100755';

export interface TreeChange {
  /** POSIX path from the repository root. */
  path: string;
  status: TreeChangeStatus;
  /** Blob ids. */
  oldOid: string | null;
  newOid: string | null;
  oldMode: FileMode | null;
  newMode: FileMode | null;
  /** Size in bytes of the new blob (null for deleted). */
  size: number | null;
}

/**
 * Everything the scanner needs from git. Two adapters implement it and pass the same contract suite:
 * isomorphic-git (pure JavaScript) and the native `git` CLI (much faster on large clones, bounded memory).
 * Callers run at most one operation per cacheDir at a time.
 */
export interface GitEngine {
  readonly name: GitEngineName;

  /** One protocol-v2 ls-refs filtered to refs/heads/<branch>: no object transfer. null if the branch does not exist. */
  resolveRemoteHead(remote: RemoteSpec, branch: string): Promise<string | null>;

  /**
   * Incremental fetch of one branch into the bare repository at cacheDir (created if missing): no tags, no depth
   * on a cache that already holds a branch, depth 1 for a brand-new cache. Updates refs/heads/<branch> and
   * returns the fetched commit id.
   */
  fetch(cacheDir: string, remote: RemoteSpec, branch: string): Promise<string>;

  /**
   * Changes from one commit's tree to another's (fromCommit null: the empty tree), comparing trees by object id
   * and descending only into subtrees whose ids differ. Symlinks and submodules are skipped (a file that becomes
   * a symlink is 'deleted'); a 100644<->100755 mode change is 'modified'. Sorted by the UTF-8 bytes of the path.
   */
  diffCommits(cacheDir: string, fromCommit: string | null, toCommit: string): Promise<TreeChange[]>;

  /**
   * A blob's bytes. Rejects with GIT_NOT_FOUND when the cache lacks the object. The native engine streams with
   * bounded memory and serves the streams of one cacheDir in call order: reads may be issued ahead (they are
   * pipelined to git), but each stream must be consumed or destroyed before the next one can make progress.
   * isomorphic-git buffers the blob.
   */
  readBlob(cacheDir: string, oid: string): Promise<NodeJS.ReadableStream>;

  /**
   * Whether the cache holds this commit (and so can diff from it). A shallow cache does not hold commits older
   * than its first fetch: the caller then lists the new tree (diffCommits(null, head)) instead.
   */
  hasCommit(cacheDir: string, oid: string): Promise<boolean>;

  /** Delete the local cache (repository unwatched). Refuses a directory that is not a git cache. */
  removeCache(cacheDir: string): Promise<void>;
}

export interface GitEngineOptions {
  /** Upper bound for one fetch (native: the git process is killed; isomorphic: HTTP requests are aborted). */
  fetchTimeoutMs?: number;
  /** Upper bound for one ref listing. */
  lsRemoteTimeoutMs?: number;
  /** Native only: absolute path of the git binary (default: the one found on PATH). */
  gitBinary?: string;
  /**
   * Native only: extra environment for git processes, e.g. HTTPS_PROXY or GIT_SSL_CAINFO. git runs with a
   * minimal environment otherwise, so inherited GIT_DIR or user config cannot change what it does.
   */
  extraEnv?: Record<string, string>;
  /** isomorphic-git only: how many repositories keep their object cache (whole packfiles) in memory. */
  maxCachedRepos?: number;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_LS_REMOTE_TIMEOUT_MS = 60_000;

/** The object id of the empty tree (SHA-1 repositories). git knows it without storing it. */
export const EMPTY_TREE_OID = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
