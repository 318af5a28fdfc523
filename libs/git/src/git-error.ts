/** Stable codes: the scanner's circuit breaker and `sync_failed` payloads depend on them. */
export const GitErrorCode = {
  AuthFailed: 'GIT_AUTH_FAILED',
  NotFound: 'GIT_NOT_FOUND',
  Unreachable: 'GIT_UNREACHABLE',
  Failed: 'GIT_FAILED',
} as const;
export type GitErrorCode = (typeof GitErrorCode)[keyof typeof GitErrorCode];

/**
 * A failed git operation. The message is always redacted (no token, no Basic credentials, no URL userinfo,
 * no absolute local path), so it may be logged and shown to users. No `cause` is attached on purpose: the
 * underlying error may carry unredacted text.
 */
export class GitError extends Error {
  override readonly name = 'GitError';

  constructor(
    readonly code: GitErrorCode,
    message: string,
    /** The HTTP status the server answered, when the failure came from one. */
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

/** Maps an HTTP status of the git server to a code; null when the status is not an error we classify. */
export function codeForHttpStatus(status: number): GitErrorCode | null {
  if (status === 401 || status === 403) {
    return GitErrorCode.AuthFailed;
  }
  if (status === 404 || status === 410) {
    return GitErrorCode.NotFound;
  }
  // Transient unavailability of the host, not of the repository: the breaker treats it like a network error.
  if (status === 408 || status === 429 || status === 502 || status === 503 || status === 504) {
    return GitErrorCode.Unreachable;
  }
  return status >= 400 ? GitErrorCode.Failed : null;
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'ABORT_ERR',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isNetworkErrorCode(code: unknown): boolean {
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
}

// Checked in order: credentials first (git reports a 401 as "could not read Username"), then the network,
// then missing things. Patterns match git 2.39 (LC_ALL=C) stderr and isomorphic-git/Node error messages.
const TEXT_RULES: ReadonlyArray<[RegExp, GitErrorCode]> = [
  [/returned error: 40[13]\b|HTTP Error: 40[13]\b/i, GitErrorCode.AuthFailed],
  [
    /authentication failed|could not read (username|password)|terminal prompts disabled/i,
    GitErrorCode.AuthFailed,
  ],
  [/invalid (username|credentials)|bad credentials|access denied/i, GitErrorCode.AuthFailed],
  [/returned error: (408|429|502|503|504)\b|HTTP Error: (408|429|502|503|504)\b/i, GitErrorCode.Unreachable],
  [
    /could not resolve (host|proxy)|failed to connect|couldn't connect|connection refused/i,
    GitErrorCode.Unreachable,
  ],
  [
    /timed out|timeout was reached|connection reset|network is unreachable|no route to host/i,
    GitErrorCode.Unreachable,
  ],
  [
    /empty reply from server|socket hang up|\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)\b/,
    GitErrorCode.Unreachable,
  ],
  [/returned error: (404|410)\b|HTTP Error: (404|410)\b/i, GitErrorCode.NotFound],
  [/repository .* not found|repository not found|couldn't find remote ref|not found/i, GitErrorCode.NotFound],
  [
    /bad object|not a valid object name|missing (blob|tree|commit) object|could not find/i,
    GitErrorCode.NotFound,
  ],
  [/not a git repository/i, GitErrorCode.NotFound],
];

/** Classifies a failure from its (stderr or error) text. */
export function codeForGitMessage(text: string): GitErrorCode {
  for (const [pattern, code] of TEXT_RULES) {
    if (pattern.test(text)) {
      return code;
    }
  }
  return GitErrorCode.Failed;
}

/** The HTTP status git or isomorphic-git reported in a message, if any. */
export function httpStatusInMessage(text: string): number | undefined {
  const m = /(?:returned error:|HTTP Error:)\s*(\d{3})\b/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** A user-facing explanation of an authentication failure; `detail` is what git said (already short). */
export function authFailureDetail(hadToken: boolean, detail: string): string {
  const what = hadToken
    ? 'authentication failed: the token was rejected'
    : 'authentication required: no token was given (private repository?)';
  return detail ? `${what} (${detail})` : what;
}
