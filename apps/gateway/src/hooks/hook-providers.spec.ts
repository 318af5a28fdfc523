import { AppError, ErrorCode } from '@lib/contracts';
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GITEA, GITHUB, GITLAB } from './hook-providers';

const SECRET = 'hook-secret';
const ZERO = '0'.repeat(40);
const hmac = (raw: Buffer, key = SECRET) => createHmac('sha256', key).update(raw).digest('hex');
const raw = (payload: unknown) => Buffer.from(JSON.stringify(payload), 'utf8');

const githubPush = {
  ref: 'refs/heads/main',
  before: 'a'.repeat(40),
  after: 'b'.repeat(40),
  deleted: false,
  repository: { full_name: 'Acme/Docs', html_url: 'https://github.com/Acme/Docs' },
  commits: [{ message: 'contains \u0000 and ünïcode' }],
};
const gitlabPush = {
  object_kind: 'push',
  ref: 'refs/heads/main',
  after: 'b'.repeat(40),
  project: { path_with_namespace: 'acme/docs', web_url: 'https://gitlab.example/acme/docs' },
};

/** The AppError a call throws (fails the test when it does not throw one). */
function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError');
}

describe('push hook providers', () => {
  describe('verify', () => {
    const body = raw(githubPush);

    it.each([
      ['GitHub, valid', GITHUB, { 'x-hub-signature-256': `sha256=${hmac(body)}` }, true],
      ['GitHub, wrong secret', GITHUB, { 'x-hub-signature-256': `sha256=${hmac(body, 'other')}` }, false],
      ['GitHub, Gitea-style header', GITHUB, { 'x-hub-signature-256': hmac(body) }, false],
      ['GitHub, missing', GITHUB, {}, false],
      ['GitHub, repeated header', GITHUB, { 'x-hub-signature-256': [`sha256=${hmac(body)}`] }, false],
      ['Gitea, valid', GITEA, { 'x-gitea-signature': hmac(body) }, true],
      ['Gitea, GitHub-style prefix', GITEA, { 'x-gitea-signature': `sha256=${hmac(body)}` }, false],
      ['Gitea, missing', GITEA, {}, false],
      ['GitLab, valid', GITLAB, { 'x-gitlab-token': SECRET }, true],
      ['GitLab, wrong token', GITLAB, { 'x-gitlab-token': 'hook-secreT' }, false],
      ['GitLab, prefix of the token', GITLAB, { 'x-gitlab-token': 'hook' }, false],
      ['GitLab, missing', GITLAB, {}, false],
    ])('%s → %p', (_case, provider, headers, expected) => {
      expect(provider.verify(SECRET, body, headers as IncomingHttpHeaders)).toBe(expected);
    });

    it('should verify the exact bytes: a re-serialised body fails', () => {
      const spaced = Buffer.from(JSON.stringify(githubPush, null, 2));
      const headers = { 'x-hub-signature-256': `sha256=${hmac(body)}` };
      expect(GITHUB.verify(SECRET, spaced, headers)).toBe(false);
    });

    it('should refuse everything with an empty secret', () => {
      expect(GITLAB.verify('', body, { 'x-gitlab-token': '' })).toBe(false);
      expect(GITHUB.verify('', body, { 'x-hub-signature-256': `sha256=${hmac(body, '')}` })).toBe(false);
    });
  });

  describe('GitHub', () => {
    const read = (event: string | undefined, payload: unknown, contentType = 'application/json') =>
      GITHUB.read(
        { ...(event ? { 'x-github-event': event } : {}), 'content-type': contentType },
        Buffer.isBuffer(payload) ? payload : raw(payload),
      );

    it('should read a push: repository as spelled, branch, not deleted', () => {
      expect(read('push', githubPush)).toEqual({
        kind: 'push',
        push: {
          full_name: 'Acme/Docs',
          repository_url: 'https://github.com/Acme/Docs',
          branch: 'main',
          deleted: false,
        },
      });
    });

    it('should read a branch name with slashes and dots', () => {
      const out = read('push', { ...githubPush, ref: 'refs/heads/release/v1.2' });
      expect(out).toMatchObject({ kind: 'push', push: { branch: 'release/v1.2' } });
    });

    it.each([
      ['deleted: true', { deleted: true, after: ZERO }],
      ['only an all-zero after', { after: ZERO, deleted: undefined }],
      ['an all-zero SHA-256 after', { after: '0'.repeat(64), deleted: undefined }],
    ])('should flag a deleted branch from %s', (_case, fields) => {
      expect(read('push', { ...githubPush, ...fields })).toMatchObject({ push: { deleted: true } });
    });

    it('should fall back to the path of html_url when full_name is missing', () => {
      const payload = { ...githubPush, repository: { html_url: 'https://github.com/acme/docs.site/' } };
      expect(read('push', payload)).toMatchObject({ push: { full_name: 'acme/docs.site' } });
    });

    it('should accept the form-encoded content type (payload field)', () => {
      const form = Buffer.from(new URLSearchParams({ payload: JSON.stringify(githubPush) }).toString());
      expect(read('push', form, 'application/x-www-form-urlencoded')).toMatchObject({
        push: { full_name: 'Acme/Docs', branch: 'main' },
      });
    });

    it('should answer ping without reading the body', () => {
      expect(read('ping', Buffer.from('not json'))).toEqual({ kind: 'ping' });
    });

    it.each([
      ['issues', 'Event "issues" ignored'],
      ['<script>', 'Event ignored'],
    ])('should ignore the %s event', (event, message) => {
      expect(read(event, githubPush)).toEqual({ kind: 'ignored', message });
    });

    it('should ignore tag pushes', () => {
      expect(read('push', { ...githubPush, ref: 'refs/tags/v1.0' })).toEqual({
        kind: 'ignored',
        message: 'Not a branch push',
      });
    });

    it.each([
      ['no event header', undefined, githubPush, 'headers/X-GitHub-Event is required'],
      ['not JSON', 'push', Buffer.from('{"ref": '), 'Malformed JSON body'],
      ['an empty body', 'push', Buffer.alloc(0), 'Malformed JSON body'],
      ['a JSON array', 'push', [githubPush], 'body must be a JSON object'],
      ['no repository', 'push', { ref: 'refs/heads/main' }, 'body/repository is required'],
      [
        'a string repository',
        'push',
        { ...githubPush, repository: 'acme/docs' },
        'body/repository must be an object',
      ],
      [
        'a repository without a name',
        'push',
        { ...githubPush, repository: { id: 1 } },
        'body/repository.full_name is required',
      ],
      [
        'a numeric full_name',
        'push',
        { ...githubPush, repository: { full_name: 7 } },
        'body/repository.full_name must be a non-empty string',
      ],
      ['no ref', 'push', { ...githubPush, ref: undefined }, 'body/ref is required'],
      [
        'an invalid branch',
        'push',
        { ...githubPush, ref: 'refs/heads/a..b' },
        'body/ref Invalid branch name',
      ],
      ['an empty branch', 'push', { ...githubPush, ref: 'refs/heads/' }, 'body/ref Invalid branch name'],
    ])('should refuse %s with 400', (_case, event, payload, message) => {
      const e = errorOf(() => read(event, payload));
      expect(e.code).toBe(ErrorCode.ValidationFailed);
      expect(e.message).toBe(message);
    });

    it('should refuse a form without a payload field with 400, and other content types with 415', () => {
      expect(errorOf(() => read('push', Buffer.from('x=1'), 'application/x-www-form-urlencoded')).code).toBe(
        ErrorCode.ValidationFailed,
      );
      expect(errorOf(() => read('push', raw(githubPush), 'text/plain')).code).toBe(
        ErrorCode.UnsupportedMediaType,
      );
    });
  });

  describe('Gitea', () => {
    const read = (event: string, payload: unknown) =>
      GITEA.read({ 'x-gitea-event': event, 'content-type': 'application/json' }, raw(payload));

    it('should read a push like GitHub’s', () => {
      const { deleted: _deleted, ...giteaPush } = githubPush;
      expect(read('push', giteaPush)).toEqual({
        kind: 'push',
        push: {
          full_name: 'Acme/Docs',
          repository_url: 'https://github.com/Acme/Docs',
          branch: 'main',
          deleted: false,
        },
      });
      expect(read('push', { ...giteaPush, after: ZERO })).toMatchObject({ push: { deleted: true } });
    });

    it('should read a branch delete event (short ref) as a deleted-branch push', () => {
      const payload = { ref: 'feature/x', ref_type: 'branch', repository: githubPush.repository };
      expect(read('delete', payload)).toMatchObject({
        kind: 'push',
        push: { full_name: 'Acme/Docs', branch: 'feature/x', deleted: true },
      });
      expect(read('delete', { ...payload, ref_type: 'tag' })).toEqual({
        kind: 'ignored',
        message: 'Not a branch deletion',
      });
    });

    it('should ignore other events and answer no ping', () => {
      expect(read('issues', githubPush)).toMatchObject({ kind: 'ignored' });
      expect(read('ping', githubPush)).toMatchObject({ kind: 'ignored' });
    });
  });

  describe('GitLab', () => {
    const read = (event: string, payload: unknown) =>
      GITLAB.read({ 'x-gitlab-event': event, 'content-type': 'application/json' }, raw(payload));

    it('should read a Push Hook by path_with_namespace', () => {
      expect(read('Push Hook', gitlabPush)).toEqual({
        kind: 'push',
        push: {
          full_name: 'acme/docs',
          repository_url: 'https://gitlab.example/acme/docs',
          branch: 'main',
          deleted: false,
        },
      });
    });

    it('should flag a deleted branch and fall back to web_url', () => {
      const payload = { ...gitlabPush, after: ZERO, project: { web_url: 'https://gitlab.example/g/sub/p' } };
      expect(read('Push Hook', payload)).toMatchObject({ push: { full_name: 'g/sub/p', deleted: true } });
    });

    it('should ignore tag pushes and other events', () => {
      expect(read('Tag Push Hook', gitlabPush)).toEqual({
        kind: 'ignored',
        message: 'Event "Tag Push Hook" ignored',
      });
      expect(read('Push Hook', { ...gitlabPush, ref: 'refs/tags/v1' })).toMatchObject({ kind: 'ignored' });
    });

    it('should refuse a payload without a project with 400', () => {
      expect(errorOf(() => read('Push Hook', { ref: 'refs/heads/main' })).message).toBe(
        'body/project is required',
      );
    });

    it('should refuse a content type that is not JSON with 415', () => {
      const e = errorOf(() =>
        GITLAB.read({ 'x-gitlab-event': 'Push Hook', 'content-type': 'text/plain' }, raw(gitlabPush)),
      );
      expect(e.code).toBe(ErrorCode.UnsupportedMediaType);
    });
  });
});
