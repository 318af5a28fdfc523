import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { SecretCipherError, SecretCipherErrorCode } from './secret-cipher.error';
import { SecretCipher } from './secret-cipher.service';

const newKey = (): string => randomBytes(32).toString('hex');
const keyIdOf = (hex: string): string =>
  createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex').slice(0, 8);

function captureError(fn: () => unknown): SecretCipherError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretCipherError);
    return err as SecretCipherError;
  }
  throw new Error('expected a SecretCipherError');
}

/** v1's format (reference §7.3): 16-byte IV, `ivHex:tagHex:cipherHex`, no AAD. */
function encryptLikeV1(keyHex: string, plain: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${iv.toString('hex')}:${cipher.getAuthTag().toString('hex')}:${ct.toString('hex')}`;
}

function replacePart(blob: string, index: number, value: string): string {
  const parts = blob.split(':');
  parts[index] = value;
  return parts.join(':');
}

function dropLastByte(b64url: string): string {
  return Buffer.from(b64url, 'base64url').subarray(0, -1).toString('base64url');
}

function flipFirstByte(b64url: string): string {
  const buf = Buffer.from(b64url, 'base64url');
  buf[0] ^= 0x01;
  return buf.toString('base64url');
}

describe(SecretCipher.name, () => {
  const key = newKey();
  const secret = 'ghp_SuperSecretToken1234567890';

  describe('constructor', () => {
    it.each([
      ['too short (v1 .env.example)', 'changeme-please'],
      ['63 characters', 'a'.repeat(63)],
      ['65 characters', 'a'.repeat(65)],
      ['non-hex', 'g'.repeat(64)],
      ['empty', ''],
    ])('should reject a key that is %s, naming ENCRYPTION_KEY but not printing it', (_case, bad) => {
      const err = captureError(() => new SecretCipher(bad));
      expect(err.code).toBe(SecretCipherErrorCode.InvalidKey);
      expect(err.message).toContain('ENCRYPTION_KEY');
      if (bad) {
        expect(err.message).not.toContain(bad);
      }
    });

    it('should reject an invalid previous key without printing it', () => {
      const bad = `${'b'.repeat(63)}z`;
      const err = captureError(() => new SecretCipher(key, [newKey(), bad]));
      expect(err.code).toBe(SecretCipherErrorCode.InvalidKey);
      expect(err.message).toContain('previous ENCRYPTION_KEY #2');
      expect(err.message).not.toContain(bad);
    });

    it('should accept upper-case hex as the same key', () => {
      const upper = new SecretCipher(key.toUpperCase());
      expect(upper.currentKeyId).toBe(keyIdOf(key));
      expect(new SecretCipher(key).decrypt(upper.encrypt(secret))).toBe(secret);
    });

    it('should tolerate the current key repeated in the previous list', () => {
      const cipher = new SecretCipher(key, [key]);
      expect(cipher.decrypt(cipher.encrypt(secret))).toBe(secret);
    });

    it('should not reveal keys when the instance is inspected or serialised', () => {
      const previous = newKey();
      const cipher = new SecretCipher(key, [previous]);
      const shown = `${inspect(cipher, { depth: 10, showHidden: true })} ${JSON.stringify(cipher)}`;
      for (const k of [key, previous]) {
        expect(shown).not.toContain(k);
        expect(shown).not.toContain(Buffer.from(k, 'hex').toString('base64'));
      }
    });
  });

  describe('currentKeyId', () => {
    it('should be the first 8 hex characters of SHA-256 of the key bytes', () => {
      expect(new SecretCipher(key).currentKeyId).toBe(keyIdOf(key));
    });
  });

  describe('encrypt', () => {
    it('should produce v1:<keyId>:<iv>:<tag>:<ciphertext> with a 12-byte IV and a 16-byte tag', () => {
      const blob = new SecretCipher(key).encrypt(secret);
      const match = /^v1:([0-9a-f]{8}):([A-Za-z0-9_-]+):([A-Za-z0-9_-]+):([A-Za-z0-9_-]*)$/.exec(blob);
      expect(match).not.toBeNull();
      expect(match![1]).toBe(keyIdOf(key));
      expect(Buffer.from(match![2], 'base64url')).toHaveLength(12);
      expect(Buffer.from(match![3], 'base64url')).toHaveLength(16);
      expect(Buffer.from(match![4], 'base64url')).toHaveLength(Buffer.byteLength(secret));
      expect(blob).not.toContain(secret);
    });

    it('should use a fresh IV for every call', () => {
      const cipher = new SecretCipher(key);
      const ivs = new Set(Array.from({ length: 50 }, () => cipher.encrypt(secret).split(':')[2]));
      expect(ivs.size).toBe(50);
    });
  });

  describe('decrypt', () => {
    it.each([
      ['an ASCII token', secret],
      ['an empty string', ''],
      ['non-ASCII text', 'clé secrète ✓ 🔑'],
      ['a 500-character client key', 'k'.repeat(500)],
      ['colons', 'a:b:c:d:e'],
    ])('should round-trip %s', (_case, plain) => {
      const cipher = new SecretCipher(key);
      expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
    });

    it('should decrypt blobs written under a previous key after a rotation', () => {
      const oldKey = newKey();
      const blob = new SecretCipher(oldKey).encrypt(secret);
      const rotated = new SecretCipher(newKey(), [oldKey]);
      expect(rotated.decrypt(blob)).toBe(secret);
    });

    it('should decrypt v1 legacy blobs (ivHex:tagHex:cipherHex) with the current or a previous key', () => {
      const oldKey = newKey();
      expect(new SecretCipher(key).decrypt(encryptLikeV1(key, secret))).toBe(secret);
      expect(new SecretCipher(key, [oldKey]).decrypt(encryptLikeV1(oldKey, secret))).toBe(secret);
    });

    it('should reject a blob under an unknown key id', () => {
      const blob = new SecretCipher(newKey()).encrypt(secret);
      const err = captureError(() => new SecretCipher(key).decrypt(blob));
      expect(err.code).toBe(SecretCipherErrorCode.UnknownKey);
      expect(err.message).toContain(blob.split(':')[1]);
    });

    it('should reject a v1 legacy blob no configured key opens', () => {
      const err = captureError(() => new SecretCipher(key).decrypt(encryptLikeV1(newKey(), secret)));
      expect(err.code).toBe(SecretCipherErrorCode.DecryptionFailed);
    });

    describe('tampering', () => {
      const cipher = new SecretCipher(key);
      const blob = cipher.encrypt(secret);
      const parts = blob.split(':');

      it.each([
        ['the IV', replacePart(blob, 2, flipFirstByte(parts[2])), SecretCipherErrorCode.DecryptionFailed],
        ['the tag', replacePart(blob, 3, flipFirstByte(parts[3])), SecretCipherErrorCode.DecryptionFailed],
        [
          'the ciphertext',
          replacePart(blob, 4, flipFirstByte(parts[4])),
          SecretCipherErrorCode.DecryptionFailed,
        ],
        ['a truncated tag', replacePart(blob, 3, parts[3].slice(0, 10)), SecretCipherErrorCode.Malformed],
        [
          'a truncated ciphertext',
          replacePart(blob, 4, dropLastByte(parts[4])),
          SecretCipherErrorCode.DecryptionFailed,
        ],
        ['a short IV', replacePart(blob, 2, parts[2].slice(0, 8)), SecretCipherErrorCode.Malformed],
        ['an unknown version', replacePart(blob, 0, 'v2'), SecretCipherErrorCode.Malformed],
        ['a missing part', parts.slice(0, 4).join(':'), SecretCipherErrorCode.Malformed],
        ['non-base64url characters', replacePart(blob, 4, `${parts[4]}=`), SecretCipherErrorCode.Malformed],
        ['plain text', secret, SecretCipherErrorCode.Malformed],
        ['an empty string', '', SecretCipherErrorCode.Malformed],
      ])('should reject %s with a message free of key and plaintext', (_case, tampered, code) => {
        const err = captureError(() => cipher.decrypt(tampered));
        expect(err.code).toBe(code);
        expect(err.message).not.toContain(key);
        expect(err.message).not.toContain(secret);
        expect(err.message).not.toContain(parts[4]);
      });

      it('should reject a blob whose key id was rewritten, since the key id is authenticated', () => {
        const oldKey = newKey();
        const both = new SecretCipher(key, [oldKey]);
        const moved = replacePart(both.encrypt(secret), 1, keyIdOf(oldKey));
        expect(captureError(() => both.decrypt(moved)).code).toBe(SecretCipherErrorCode.DecryptionFailed);
      });
    });
  });

  describe('needsReencryption', () => {
    const oldKey = newKey();
    const rotated = new SecretCipher(key, [oldKey]);

    it.each([
      ['a blob under the current key', () => rotated.encrypt(secret), false],
      ['a blob under a previous key', () => new SecretCipher(oldKey).encrypt(secret), true],
      ['a v1 legacy blob', () => encryptLikeV1(key, secret), true],
      ['a malformed blob', () => 'not-a-blob', true],
    ])('should report %s', (_case, makeBlob, expected) => {
      expect(rotated.needsReencryption(makeBlob())).toBe(expected);
    });

    it('should be false once a previous-key blob is re-encrypted', () => {
      const blob = new SecretCipher(oldKey).encrypt(secret);
      const fresh = rotated.encrypt(rotated.decrypt(blob));
      expect(rotated.needsReencryption(fresh)).toBe(false);
      expect(rotated.decrypt(fresh)).toBe(secret);
    });
  });
});
