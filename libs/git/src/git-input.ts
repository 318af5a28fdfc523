import { isAbsolute, resolve } from 'node:path';
import { GitError, GitErrorCode } from './git-error';
import type { FileMode, RemoteSpec, TreeChange } from './git-engine.port';

const OID = /^[0-9a-f]{40}$/;

/** Values below reach git's argv: validate them so nothing can be read as an option or another transport. */
export function assertOid(oid: string, what = 'object id'): void {
  if (!OID.test(oid)) {
    throw new GitError(GitErrorCode.Failed, `invalid ${what}: expected 40 lower-case hex digits`);
  }
}

/** git check-ref-format rules for a branch name (without the refs/heads/ prefix). */
export function assertBranch(branch: string): void {
  const bad =
    branch.length === 0 ||
    branch.length > 255 ||
    branch.startsWith('-') ||
    branch === '@' ||
    // eslint-disable-next-line no-control-regex
    /[\x00-\x20\x7f~^:?*[\\]/.test(branch) ||
    /\.\.|@\{|\/\/|\/\.|\.lock(\/|$)|^\.|^\/|\/$|\.$/.test(branch);
  if (bad) {
    throw new GitError(GitErrorCode.Failed, `invalid branch name '${branch.slice(0, 100)}'`);
  }
}

/**
 * Only http(s) remotes without userinfo: other transports (file://, ext::, ssh) would let a repository URL read
 * the host's files or run commands, and credentials belong in RemoteSpec.token, never in a URL.
 */
export function assertRemoteUrl(remote: RemoteSpec): string {
  let url: URL;
  try {
    url = new URL(remote.url);
  } catch {
    throw new GitError(GitErrorCode.Failed, 'invalid repository URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new GitError(GitErrorCode.Failed, `unsupported repository URL scheme '${url.protocol}'`);
  }
  if (url.username || url.password) {
    throw new GitError(
      GitErrorCode.Failed,
      'repository URL must not contain credentials; pass a token instead',
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f]/.test(remote.url)) {
    throw new GitError(GitErrorCode.Failed, 'invalid repository URL');
  }
  return remote.url;
}

export function absoluteCacheDir(cacheDir: string): string {
  if (!cacheDir || !isAbsolute(cacheDir)) {
    throw new GitError(GitErrorCode.Failed, 'cacheDir must be an absolute path');
  }
  const dir = resolve(cacheDir);
  if (dir === '/') {
    throw new GitError(GitErrorCode.Failed, 'cacheDir must not be the root directory');
  }
  return dir;
}

/** The value of the Authorization header for a token, or null without one. */
export function basicAuthHeader(token: string | undefined): string | null {
  return token ? `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}` : null;
}

/** Regular files only: symlinks (120000), gitlinks (160000) and trees yield null. Legacy 100664 is 100644. */
export function fileMode(mode: string | number): FileMode | null {
  const m = typeof mode === 'number' ? mode.toString(8) : mode.replace(/^0+/, '');
  if (!m.startsWith('100')) {
    return null;
  }
  return (parseInt(m, 8) & 0o111) !== 0 ? '100755' : '100644';
}

/**
 * One change between two tree entries at the same path (either side null when absent), or null when nothing a
 * client sees changed. Entries that are not regular files count as absent.
 */
export function fileChange(
  path: string,
  oldEntry: { oid: string; mode: string } | null,
  newEntry: { oid: string; mode: string } | null,
): Omit<TreeChange, 'size'> | null {
  const oldMode = oldEntry ? fileMode(oldEntry.mode) : null;
  const newMode = newEntry ? fileMode(newEntry.mode) : null;
  const oldOid = oldMode && oldEntry ? oldEntry.oid : null;
  const newOid = newMode && newEntry ? newEntry.oid : null;
  if (oldMode && newMode) {
    if (oldOid === newOid && oldMode === newMode) {
      return null;
    }
    return { path, status: 'modified', oldOid, newOid, oldMode, newMode };
  }
  if (oldMode) {
    return { path, status: 'deleted', oldOid, newOid: null, oldMode, newMode: null };
  }
  if (newMode) {
    return { path, status: 'added', oldOid: null, newOid, oldMode: null, newMode };
  }
  return null;
}

/** Sorts in place by the UTF-8 bytes of the path (JavaScript's < compares UTF-16 units, which differs). */
export function sortByPathBytes<T extends { path: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareUtf8(a.path, b.path));
}

/**
 * Orders strings by their UTF-8 bytes without encoding them. UTF-16 code units already sort like code points
 * (and so like UTF-8), except that surrogates (U+D800-DFFF, the halves of code points above U+FFFF) must sort
 * after U+E000-FFFF: shift them up and those down before comparing the first differing unit.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      return utf8Rank(x) - utf8Rank(y);
    }
  }
  return a.length - b.length;
}

function utf8Rank(unit: number): number {
  return unit < 0xd800 ? unit : unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}
