import * as fs from 'node:fs';
import { readBlob, readTree, type TreeEntry } from 'isomorphic-git';
import type { TreeChange } from './git-engine.port';
import { fileChange, sortByPathBytes } from './git-input';

interface Repo {
  gitdir: string;
  cache: object;
}

/**
 * Compares two trees by object id, reading only subtrees whose ids differ. isomorphic-git's walk() reads one
 * level deeper than needed before it prunes; this read 4 tree objects (about 7 ms) for a one-file change in a
 * 50,000-file repository, against 350-690 ms for walk() (TECH-NOTES.md).
 *
 * `from`/`to` are commit or tree ids; null is the empty tree.
 */
export async function diffTrees(repo: Repo, from: string | null, to: string): Promise<TreeChange[]> {
  const changes: Omit<TreeChange, 'size'>[] = [];
  await compare(repo, '', from, to, changes);
  const sizes = new Map<string, number>();
  const out: TreeChange[] = [];
  for (const change of changes) {
    let size: number | null = null;
    if (change.newOid) {
      // isomorphic-git has no header-only read: the blob is inflated to learn its size.
      size = sizes.get(change.newOid) ?? (await blobSize(repo, change.newOid));
      sizes.set(change.newOid, size);
    }
    out.push({ ...change, size });
  }
  return sortByPathBytes(out);
}

async function compare(
  repo: Repo,
  prefix: string,
  fromTree: string | null,
  toTree: string | null,
  out: Omit<TreeChange, 'size'>[],
): Promise<void> {
  const [before, after] = await Promise.all([entries(repo, fromTree), entries(repo, toTree)]);
  const names = new Set([...before.keys(), ...after.keys()]);
  for (const name of names) {
    const a = before.get(name) ?? null;
    const b = after.get(name) ?? null;
    if (a && b && a.oid === b.oid && a.mode === b.mode) {
      continue;
    } // identical file or whole subtree
    const path = prefix + name;
    const aTree = a?.type === 'tree' ? a.oid : null;
    const bTree = b?.type === 'tree' ? b.oid : null;
    if (aTree !== null || bTree !== null) {
      await compare(repo, `${path}/`, aTree, bTree, out);
    }
    // The non-tree side, if any (a file replaced by a directory is deleted, and the other way round).
    const change = fileChange(path, a && a.type !== 'tree' ? a : null, b && b.type !== 'tree' ? b : null);
    if (change) {
      out.push(change);
    }
  }
}

async function entries(repo: Repo, oid: string | null): Promise<Map<string, TreeEntry>> {
  const map = new Map<string, TreeEntry>();
  if (oid === null) {
    return map;
  }
  const { tree } = await readTree({ fs, gitdir: repo.gitdir, oid, cache: repo.cache });
  for (const entry of tree) {
    map.set(entry.path, entry);
  }
  return map;
}

async function blobSize(repo: Repo, oid: string): Promise<number> {
  const { blob } = await readBlob({ fs, gitdir: repo.gitdir, oid, cache: repo.cache });
  return blob.byteLength;
}
