import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const GITHUB_HEADER = /^sha256=([0-9a-fA-F]{64})$/;
const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;

/**
 * Constant-time equality for secrets of any length. Both sides are hashed first so that timingSafeEqual always
 * compares 32 bytes and the comparison time reveals neither the content nor the length of the expected value.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

function hmacHex(secret: string, rawBody: Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(rawBody).digest('hex');
}

/** GitHub push hooks: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`. */
export function verifyGitHubSignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  // An empty secret would make the HMAC computable by anyone; treat it as "not configured".
  if (!secret || typeof header !== 'string') {
    return false;
  }
  const match = GITHUB_HEADER.exec(header.trim());
  if (!match) {
    return false;
  }
  return safeEqual(hmacHex(secret, rawBody), match[1].toLowerCase());
}

/** Gitea push hooks: `X-Gitea-Signature: <hex HMAC-SHA256(secret, raw body)>` (no prefix). */
export function verifyGiteaSignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!secret || typeof header !== 'string') {
    return false;
  }
  const value = header.trim();
  if (!HEX_DIGEST.test(value)) {
    return false;
  }
  return safeEqual(hmacHex(secret, rawBody), value.toLowerCase());
}
