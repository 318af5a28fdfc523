import { redactForOperation, redactGitMessage } from './redact';

describe(redactGitMessage.name, () => {
  const token = 'tok_0123456789secret';
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');

  it('should remove a given secret wherever it appears, also URL-encoded', () => {
    const out = redactGitMessage(`bad token ${token}; url ?t=${encodeURIComponent('a/b+c=' + token)}`, [
      token,
      'a/b+c=' + token,
    ]);
    expect(out).not.toContain(token);
    expect(out).toContain('bad token ***');
  });

  it('should remove the Basic form of a secret and any Authorization header value', () => {
    const out = redactGitMessage(`> Authorization: Basic ${basic}\n< 401 (basic ${basic})`, [token]);
    expect(out).not.toContain(basic);
    expect(out).toContain('Authorization: Basic ***');
    const unknown = redactGitMessage('Authorization: Bearer abc.def.ghi and authorization=token zzzzzz', []);
    expect(unknown).toBe('Authorization: Bearer *** and authorization=token ***');
  });

  it('should remove Basic credentials of secrets it was not given', () => {
    const other = Buffer.from('someone:else-password').toString('base64');
    expect(redactGitMessage(`header was Basic ${other}`, [])).toBe('header was Basic ***');
  });

  it('should remove the userinfo of URLs but keep scheme, host and path', () => {
    const out = redactGitMessage(
      "fatal: unable to access 'https://x-access-token:ghs_abc@github.com/acme/docs.git/': 403",
      [],
    );
    expect(out).toBe("fatal: unable to access 'https://***@github.com/acme/docs.git/': 403");
  });

  it('should remove GitHub-style tokens even when not given as secrets', () => {
    const pat = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
    const fine = `github_pat_${'x'.repeat(30)}`;
    expect(redactGitMessage(`token ${pat} or ${fine}`, [])).toBe('token *** or ***');
  });

  it('should replace absolute local paths and leave URLs and ref names alone', () => {
    const msg =
      "fatal: '/var/lib/docora/git/42.git' does not appear to be a git repository; " +
      'error: cannot open /tmp/cache/objects/pack/x.pack: Permission denied; ' +
      'from http://127.0.0.1:8080/acme/docs.git refs/heads/main HTTP/1.1 [::1]/x';
    expect(redactGitMessage(msg, [])).toBe(
      "fatal: '<path>' does not appear to be a git repository; " +
        'error: cannot open <path>: Permission denied; ' +
        'from http://127.0.0.1:8080/acme/docs.git refs/heads/main HTTP/1.1 [::1]/x',
    );
  });

  it('should mask a longer secret whole when it contains a shorter one', () => {
    expect(redactGitMessage('abcd-efgh-ijkl', ['abcd', 'abcd-efgh-ijkl'])).toBe('***');
  });

  it('should ignore empty and very short secrets instead of shredding the message', () => {
    expect(redactGitMessage('a plain message', ['', 'a', 'ai'])).toBe('a plain message');
  });
});

describe(redactForOperation.name, () => {
  it('should name the cache directory and mask the token', () => {
    const cacheDir = '/srv/docora cache/git/12.git';
    const out = redactForOperation(`git fetch: '${cacheDir}/objects' tok_abcdef1 failed`, {
      token: 'tok_abcdef1',
      cacheDir,
    });
    expect(out).toBe("git fetch: '<cache>/objects' *** failed");
  });
});
