import { Errors } from 'isomorphic-git';
import {
  codeForGitMessage,
  codeForHttpStatus,
  GitError,
  GitErrorCode,
  httpStatusInMessage,
} from './git-error';
import { toGitError } from './isomorphic-http';

describe(GitError.name, () => {
  describe(codeForHttpStatus.name, () => {
    it.each([
      [401, GitErrorCode.AuthFailed],
      [403, GitErrorCode.AuthFailed],
      [404, GitErrorCode.NotFound],
      [410, GitErrorCode.NotFound],
      [429, GitErrorCode.Unreachable],
      [502, GitErrorCode.Unreachable],
      [503, GitErrorCode.Unreachable],
      [504, GitErrorCode.Unreachable],
      [500, GitErrorCode.Failed],
      [422, GitErrorCode.Failed],
      [200, null],
    ])('should map HTTP %i to %s', (status, code) => {
      expect(codeForHttpStatus(status)).toBe(code);
    });
  });

  describe(codeForGitMessage.name, () => {
    // stderr of git 2.39 with LC_ALL=C, as produced against FakeGitHub and unreachable hosts.
    it.each([
      [
        "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
        'GIT_AUTH_FAILED',
      ],
      ["fatal: Authentication failed for 'https://github.com/acme/docs.git/'", 'GIT_AUTH_FAILED'],
      [
        "fatal: unable to access 'https://h/a.git/': The requested URL returned error: 403",
        'GIT_AUTH_FAILED',
      ],
      ["fatal: repository 'https://github.com/acme/none.git/' not found", 'GIT_NOT_FOUND'],
      ["fatal: unable to access 'https://h/a.git/': The requested URL returned error: 404", 'GIT_NOT_FOUND'],
      ["fatal: couldn't find remote ref refs/heads/nope", 'GIT_NOT_FOUND'],
      ['fatal: bad object 1234567890123456789012345678901234567890', 'GIT_NOT_FOUND'],
      ["fatal: not a git repository: '/x/y.git'", 'GIT_NOT_FOUND'],
      [
        "fatal: unable to access 'https://nope.invalid/a.git/': Could not resolve host: nope.invalid",
        'GIT_UNREACHABLE',
      ],
      [
        "fatal: unable to access 'http://127.0.0.1:1/a.git/': Failed to connect to 127.0.0.1 port 1",
        'GIT_UNREACHABLE',
      ],
      [
        "fatal: unable to access 'https://h/a.git/': Operation timed out after 30000 milliseconds",
        'GIT_UNREACHABLE',
      ],
      [
        "fatal: unable to access 'https://h/a.git/': The requested URL returned error: 503",
        'GIT_UNREACHABLE',
      ],
      ["fatal: unable to access 'https://h/a.git/': The requested URL returned error: 500", 'GIT_FAILED'],
      ['error: RPC failed; curl 18 transfer closed with outstanding read data remaining', 'GIT_FAILED'],
      ['fatal: index-pack failed', 'GIT_FAILED'],
    ])('should classify %j as %s', (stderr, code) => {
      expect(codeForGitMessage(stderr)).toBe(code);
    });

    it('should find the HTTP status git reports', () => {
      expect(httpStatusInMessage('The requested URL returned error: 403')).toBe(403);
      expect(httpStatusInMessage('HTTP Error: 401 Unauthorized')).toBe(401);
      expect(httpStatusInMessage('fatal: index-pack failed')).toBeUndefined();
    });
  });

  describe(toGitError.name, () => {
    const token = 'tok_secret_123456';
    const gitdir = '/var/cache/docora/git/7';

    it('should map isomorphic-git HTTP errors by status and say whether a token was sent', () => {
      const noToken = toGitError(new Errors.HttpError(401, 'Unauthorized', ''), 'ls-remote', {});
      expect([noToken.code, noToken.httpStatus]).toEqual([GitErrorCode.AuthFailed, 401]);
      expect(noToken.message).toContain('no token was given');
      const missing = toGitError(new Errors.HttpError(404, 'Not Found', ''), 'fetch', { token });
      expect([missing.code, missing.httpStatus]).toEqual([GitErrorCode.NotFound, 404]);
      expect(toGitError(new Errors.HttpError(503, 'Unavailable', ''), 'fetch', {}).code).toBe(
        'GIT_UNREACHABLE',
      );
      expect(toGitError(new Errors.HttpError(500, 'Oops', ''), 'fetch', {}).code).toBe('GIT_FAILED');
    });

    it('should treat a cancelled onAuthFailure as a rejected token', () => {
      const err = toGitError(new Errors.UserCanceledError(), 'fetch', { token });
      expect(err.code).toBe(GitErrorCode.AuthFailed);
      expect(err.message).toContain('token was rejected');
      expect(err.message).not.toContain(token);
    });

    it('should map missing refs and objects to GIT_NOT_FOUND without leaking the cache path', () => {
      const err = toGitError(new Errors.NotFoundError(`${gitdir}/objects/ab/cdef`), 'diff', { gitdir });
      expect(err.code).toBe(GitErrorCode.NotFound);
      expect(err.message).not.toContain('/var/cache');
    });

    it('should map network errors and aborted requests to GIT_UNREACHABLE', () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
      expect(toGitError(refused, 'fetch', {}).code).toBe(GitErrorCode.Unreachable);
      const dns = Object.assign(new Error('getaddrinfo ENOTFOUND nope.invalid'), { code: 'ENOTFOUND' });
      expect(toGitError(dns, 'fetch', {}).code).toBe(GitErrorCode.Unreachable);
      const aborted = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
      const timeout = toGitError(aborted, 'fetch', {});
      expect([timeout.code, timeout.message]).toEqual([
        GitErrorCode.Unreachable,
        expect.stringContaining('timed out'),
      ]);
    });

    it('should fall back to the message, and to GIT_FAILED, for anything else', () => {
      expect(toGitError(new Error('socket hang up'), 'fetch', {}).code).toBe(GitErrorCode.Unreachable);
      const other = toGitError(new Error(`pack is corrupt; token ${token}`), 'fetch', { token });
      expect(other.code).toBe(GitErrorCode.Failed);
      expect(other.message).toBe('isomorphic-git fetch: pack is corrupt; token ***');
    });

    it('should redact a GitError thrown inside the operation again with this context', () => {
      const inner = new GitError(GitErrorCode.NotFound, `not in ${gitdir}`);
      const err = toGitError(inner, 'fetch', { gitdir });
      expect([err.code, err.message]).toEqual([GitErrorCode.NotFound, 'not in <cache>']);
    });
  });
});
