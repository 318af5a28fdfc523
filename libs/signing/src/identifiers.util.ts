import { createHash, randomBytes } from 'node:crypto';

// Formats are v1's (reference §7.1) so that ids and tokens issued by v1 stay valid after a migration.
const APP_ID = /^app_[0-9a-f]{24}$/;
const REPOSITORY_ID = /^repo_[0-9a-f]{24}$/;
const BEARER_TOKEN = /^docora_[0-9a-f]{64}$/;

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** `app_` + 24 lowercase hex characters (12 random bytes). */
export function generateAppId(): string {
  return `app_${randomHex(12)}`;
}

/** `repo_` + 24 lowercase hex characters (12 random bytes). */
export function generateRepositoryId(): string {
  return `repo_${randomHex(12)}`;
}

/** `bulk_` + 16 lowercase hex characters (8 random bytes): id of an admin bulk operation. */
export function generateOperationId(): string {
  return `bulk_${randomHex(8)}`;
}

/** `docora_` + 64 lowercase hex characters (32 random bytes). Returned to the app once, stored only as a digest. */
export function generateBearerToken(): string {
  return `docora_${randomHex(32)}`;
}

/**
 * SHA-256 hex of the token. A token carries 256 random bits, so a fast unsalted hash is as strong as bcrypt here
 * and lets the gateway authenticate with one indexed lookup instead of v1's bcrypt loop over every app (§7.2).
 */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap pre-check before any lookup: rejects anything that cannot be a token Docora issued. */
export function isBearerTokenFormat(s: unknown): s is string {
  return typeof s === 'string' && BEARER_TOKEN.test(s);
}

export function isAppIdFormat(s: unknown): s is string {
  return typeof s === 'string' && APP_ID.test(s);
}

export function isRepositoryIdFormat(s: unknown): s is string {
  return typeof s === 'string' && REPOSITORY_ID.test(s);
}
