import { createHash } from 'node:crypto';
import {
  generateAppId,
  generateBearerToken,
  generateOperationId,
  generateRepositoryId,
  isAppIdFormat,
  isBearerTokenFormat,
  isRepositoryIdFormat,
  tokenDigest,
} from './identifiers.util';

describe('identifiers', () => {
  describe.each([
    ['generateAppId', generateAppId, /^app_[0-9a-f]{24}$/],
    ['generateRepositoryId', generateRepositoryId, /^repo_[0-9a-f]{24}$/],
    ['generateOperationId', generateOperationId, /^bulk_[0-9a-f]{16}$/],
    ['generateBearerToken', generateBearerToken, /^docora_[0-9a-f]{64}$/],
  ])('%s', (_name, generate, format) => {
    it('should match the v1 format', () => {
      expect(generate()).toMatch(format);
    });

    it('should not repeat across calls', () => {
      const values = new Set(Array.from({ length: 200 }, () => generate()));
      expect(values.size).toBe(200);
    });
  });

  describe('generateBearerToken', () => {
    it('should stay under bcrypt 72-byte limit like v1 (71 characters)', () => {
      expect(generateBearerToken()).toHaveLength(71);
    });
  });

  describe('tokenDigest', () => {
    it('should be the SHA-256 hex of the UTF-8 token', () => {
      const token = generateBearerToken();
      expect(tokenDigest(token)).toBe(createHash('sha256').update(Buffer.from(token, 'utf8')).digest('hex'));
    });

    it('should be deterministic and distinguish tokens', () => {
      const a = generateBearerToken();
      const b = generateBearerToken();
      expect(tokenDigest(a)).toBe(tokenDigest(a));
      expect(tokenDigest(a)).not.toBe(tokenDigest(b));
      expect(tokenDigest(a)).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('isBearerTokenFormat', () => {
    it.each([
      ['a generated token', generateBearerToken(), true],
      ['upper-case hex', `docora_${'A'.repeat(64)}`, false],
      ['too short', `docora_${'a'.repeat(63)}`, false],
      ['too long', `docora_${'a'.repeat(65)}`, false],
      ['wrong prefix', `docore_${'a'.repeat(64)}`, false],
      ['trailing newline', `docora_${'a'.repeat(64)}\n`, false],
      ['empty', '', false],
      ['not a string', 42, false],
    ])('should handle %s', (_case, value, expected) => {
      expect(isBearerTokenFormat(value)).toBe(expected);
    });
  });

  describe('isAppIdFormat', () => {
    it('should accept generated app ids and reject repository ids', () => {
      expect(isAppIdFormat(generateAppId())).toBe(true);
      expect(isAppIdFormat(generateRepositoryId())).toBe(false);
      expect(isAppIdFormat('app_123')).toBe(false);
    });
  });

  describe('isRepositoryIdFormat', () => {
    it('should accept generated repository ids and reject app ids', () => {
      expect(isRepositoryIdFormat(generateRepositoryId())).toBe(true);
      expect(isRepositoryIdFormat(generateAppId())).toBe(false);
      expect(isRepositoryIdFormat('repo_../../etc')).toBe(false);
    });
  });
});
