import { createHmac } from 'node:crypto';
import { safeEqual, verifyGiteaSignature, verifyGitHubSignature } from './inbound-signature.util';

const secret = 'hook-secret';
const body = Buffer.from('{"ref":"refs/heads/main","after":"abc"}', 'utf8');
const hex = (key: string, raw: Buffer): string => createHmac('sha256', key).update(raw).digest('hex');

describe('inbound signatures', () => {
  describe('verifyGitHubSignature', () => {
    it.each([
      ['a valid signature', `sha256=${hex(secret, body)}`, true],
      ['upper-case hex', `sha256=${hex(secret, body).toUpperCase()}`, true],
      ['the wrong secret', `sha256=${hex('other', body)}`, false],
      ['another body', `sha256=${hex(secret, Buffer.from('{}'))}`, false],
      ['the sha1 prefix', `sha1=${hex(secret, body)}`, false],
      ['no prefix', hex(secret, body), false],
      ['a truncated digest', `sha256=${hex(secret, body).slice(0, 63)}`, false],
      ['an empty header', '', false],
      ['a missing header', undefined, false],
    ])('should handle %s', (_case, header, expected) => {
      expect(verifyGitHubSignature(secret, body, header)).toBe(expected);
    });

    it('should refuse everything when the secret is empty', () => {
      expect(verifyGitHubSignature('', body, `sha256=${hex('', body)}`)).toBe(false);
    });

    it('should verify over raw bytes, not a re-decoded string', () => {
      const raw = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
      expect(verifyGitHubSignature(secret, raw, `sha256=${hex(secret, raw)}`)).toBe(true);
    });
  });

  describe('verifyGiteaSignature', () => {
    it.each([
      ['a valid signature', hex(secret, body), true],
      ['the wrong secret', hex('other', body), false],
      ['the GitHub-style prefix', `sha256=${hex(secret, body)}`, false],
      ['garbage', 'not-hex', false],
      ['a missing header', undefined, false],
    ])('should handle %s', (_case, header, expected) => {
      expect(verifyGiteaSignature(secret, body, header)).toBe(expected);
    });

    it('should refuse everything when the secret is empty', () => {
      expect(verifyGiteaSignature('', body, hex('', body))).toBe(false);
    });
  });

  describe('safeEqual', () => {
    it.each([
      ['equal strings', 'token-123', 'token-123', true],
      ['different strings of equal length', 'token-123', 'token-124', false],
      ['different lengths', 'token', 'token-123', false],
      ['empty and non-empty', '', 'x', false],
      ['two empty strings', '', '', true],
      ['a string and an equal buffer', 'é', Buffer.from('é', 'utf8'), true],
    ])('should compare %s', (_case, a, b, expected) => {
      expect(safeEqual(a, b)).toBe(expected);
    });
  });
});
