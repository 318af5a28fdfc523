import { access, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GitError, GitErrorCode } from './git-error';

export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Deletes a cache directory, but only one that is missing, empty or a bare git repository: a misconfigured
 * cacheDir (a home directory, a data volume) must not be wiped by "unwatch repository".
 */
export async function removeCacheDir(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return;
    }
    throw new GitError(GitErrorCode.Failed, 'cannot read the cache directory');
  }
  const isRepo = (await pathExists(join(dir, 'HEAD'))) && (await pathExists(join(dir, 'objects')));
  if (entries.length > 0 && !isRepo) {
    throw new GitError(GitErrorCode.Failed, 'refusing to remove a directory that is not a git cache');
  }
  await rm(dir, { recursive: true, force: true });
}
