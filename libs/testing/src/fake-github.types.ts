export interface RecordedRequest {
  kind: 'api' | 'git';
  method: string;
  /** URL path without the query string. */
  path: string;
  /** Query string without `?` ('' when none). */
  query: string;
  /** 'owner/name', lower-case; null when the URL names no repository. */
  repo: string | null;
  /** 'git-upload-pack' | 'git-receive-pack' for git requests that name a service, else null. */
  service: string | null;
  /** Protocol v2 command of a POST to git-upload-pack ('ls-refs', 'fetch', ...); 'upload-pack' for v0/v1. */
  gitCommand: string | null;
  /** Argument lines of that command (v2: after the delimiter, e.g. `ref-prefix refs/heads/main`, `want <oid>`). */
  gitArgs: string[];
  status: number;
  /** Date.now() when the request arrived (latency breakdowns in benchmarks). */
  at: number;
  /** Milliseconds from arrival until the response was fully sent (null while it is being sent). */
  ms: number | null;
  /** The request carried credentials that grant access to the repository (or, without a repo, a known token). */
  authorized: boolean;
}

export interface CreateRepoOptions {
  private?: boolean;
  token?: string;
  defaultBranch?: string;
}
