import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SecretCipherError, SecretCipherErrorCode } from './secret-cipher.error';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_HEX = /^[0-9a-fA-F]{64}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;
// v1 stored `ivHex:tagHex:cipherHex` with a 16-byte IV and no key id (reference §7.3); still readable so that a
// migrated v1 database keeps working and can be re-encrypted lazily.
const LEGACY = /^([0-9a-fA-F]{32}):([0-9a-fA-F]{32}):((?:[0-9a-fA-F]{2})*)$/;

interface ParsedBlob {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * AES-256-GCM for secrets at rest (GitHub tokens, client auth keys).
 * Blob: `v1:<keyId>:<iv b64url>:<tag b64url>:<ciphertext b64url>`; the key id (first 8 hex chars of SHA-256 of the
 * key bytes) lets the key rotate: new blobs use the current key, old ones are still read with a previous key
 * until re-encrypted. `v1:<keyId>` is bound as additional authenticated data.
 */
export class SecretCipher {
  // #private so that keys never show up in util.inspect / console.log of the instance.
  readonly #keys = new Map<string, Buffer>();
  readonly #currentKeyId: string;
  readonly #currentKey: Buffer;

  constructor(currentKeyHex: string, previousKeysHex: string[] = []) {
    const current = parseKey(currentKeyHex, 'ENCRYPTION_KEY');
    this.#currentKey = current;
    this.#currentKeyId = keyIdOf(current);
    this.#keys.set(this.#currentKeyId, current);
    previousKeysHex.forEach((hex, i) => {
      const key = parseKey(hex, `previous ENCRYPTION_KEY #${i + 1}`);
      const id = keyIdOf(key);
      const known = this.#keys.get(id);
      if (known && !known.equals(key)) {
        throw new SecretCipherError(
          SecretCipherErrorCode.InvalidKey,
          `Two different ENCRYPTION_KEY values share key id ${id}; generate a new key`,
        );
      }
      this.#keys.set(id, key);
    });
  }

  /** Id of the key new blobs are encrypted with (not secret: a 32-bit fingerprint). */
  get currentKeyId(): string {
    return this.#currentKeyId;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#currentKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(this.#currentKeyId));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.#currentKeyId, b64(iv), b64(tag), b64(ciphertext)].join(':');
  }

  decrypt(blob: string): string {
    const legacy = typeof blob === 'string' ? LEGACY.exec(blob) : null;
    if (legacy) {
      return this.decryptLegacy(legacy[1], legacy[2], legacy[3]);
    }
    const parsed = parseBlob(blob);
    if (!parsed) {
      throw new SecretCipherError(SecretCipherErrorCode.Malformed, 'Encrypted secret is malformed');
    }
    const key = this.#keys.get(parsed.keyId);
    if (!key) {
      throw new SecretCipherError(
        SecretCipherErrorCode.UnknownKey,
        `Encrypted secret uses unknown key id ${parsed.keyId}; add that key to the previous ENCRYPTION_KEY list`,
      );
    }
    const plain = open(key, parsed.iv, parsed.tag, parsed.ciphertext, aad(parsed.keyId));
    if (plain === null) {
      throw new SecretCipherError(
        SecretCipherErrorCode.DecryptionFailed,
        'Encrypted secret failed authentication (tampered or corrupted)',
      );
    }
    return plain;
  }

  /** True when the blob is not a well-formed v1 blob under the current key (legacy, previous key, or garbage). */
  needsReencryption(blob: string): boolean {
    const parsed = parseBlob(blob);
    return parsed === null || parsed.keyId !== this.#currentKeyId;
  }

  private decryptLegacy(ivHex: string, tagHex: string, ctHex: string): string {
    const iv = Buffer.from(ivHex, 'hex');
    const tag = Buffer.from(tagHex, 'hex');
    const ciphertext = Buffer.from(ctHex, 'hex');
    // No key id in v1 blobs: try the current key first, then the previous ones.
    for (const key of this.#keys.values()) {
      const plain = open(key, iv, tag, ciphertext, null);
      if (plain !== null) {
        return plain;
      }
    }
    throw new SecretCipherError(
      SecretCipherErrorCode.DecryptionFailed,
      'Legacy encrypted secret could not be decrypted with any configured key',
    );
  }
}

function parseKey(hex: string, name: string): Buffer {
  if (typeof hex !== 'string' || hex.length !== 64) {
    const got = typeof hex === 'string' ? `${hex.length} characters` : typeof hex;
    throw new SecretCipherError(
      SecretCipherErrorCode.InvalidKey,
      `${name} must be exactly 64 hexadecimal characters (32 bytes); got ${got}. Generate one with: openssl rand -hex 32`,
    );
  }
  if (!KEY_HEX.test(hex)) {
    throw new SecretCipherError(
      SecretCipherErrorCode.InvalidKey,
      `${name} must contain only hexadecimal characters (0-9, a-f)`,
    );
  }
  return Buffer.from(hex, 'hex');
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function aad(keyId: string): Buffer {
  return Buffer.from(`${VERSION}:${keyId}`, 'utf8');
}

function b64(buf: Buffer): string {
  return buf.toString('base64url');
}

function parseBlob(blob: unknown): ParsedBlob | null {
  if (typeof blob !== 'string') {
    return null;
  }
  const parts = blob.split(':');
  if (parts.length !== 5 || parts[0] !== VERSION || !/^[0-9a-f]{8}$/.test(parts[1])) {
    return null;
  }
  if (!parts.slice(2).every((p) => B64URL.test(p))) {
    return null;
  }
  const [, keyId, ivText, tagText, ctText] = parts;
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  const ciphertext = Buffer.from(ctText, 'base64url');
  // Re-encoding rejects non-canonical base64url; the tag length check matters: GCM would accept a truncated tag.
  if (b64(iv) !== ivText || b64(tag) !== tagText || b64(ciphertext) !== ctText) {
    return null;
  }
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    return null;
  }
  return { keyId, iv, tag, ciphertext };
}

function open(
  key: Buffer,
  iv: Buffer,
  tag: Buffer,
  ciphertext: Buffer,
  additional: Buffer | null,
): string | null {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    if (additional) {
      decipher.setAAD(additional);
    }
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
