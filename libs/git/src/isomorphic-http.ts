import * as git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import {
  authFailureDetail,
  codeForGitMessage,
  codeForHttpStatus,
  GitError,
  GitErrorCode,
  isNetworkErrorCode,
} from './git-error';
import { basicAuthHeader } from './git-input';
import { redactForOperation } from './redact';

export type AuthOptions = Pick<Parameters<typeof git.fetch>[0], 'headers' | 'onAuth' | 'onAuthFailure'>;

/**
 * The token is sent up front (like native git's http.extraHeader), which saves the 401 round trip per request;
 * onAuth answers a 401 once with the same credentials and onAuthFailure cancels, so a rejected token fails
 * once with a clear error instead of looping.
 */
export function auth(token: string | undefined): AuthOptions {
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
export function withDeadline(timeoutMs: number): git.HttpClient {
  const signal = AbortSignal.timeout(timeoutMs);
  return { request: (req) => http.request({ ...req, signal }) };
}

export interface ErrorContext {
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
