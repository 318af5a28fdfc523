import { TreeChange } from '@lib/git';
import { ListingEntry } from './repo-state.repository';

/**
 * When the local git cache cannot diff from the last known commit (new replica, lost volume, shallow history),
 * the new tree's full listing is compared with the stored listing instead, so apps still get only real changes.
 */
export function diffAgainstListing(fullTree: TreeChange[], stored: ListingEntry[]): TreeChange[] {
  const before = new Map(stored.map((e) => [e.path, e.blob_oid]));
  const out: TreeChange[] = [];
  for (const c of fullTree) {
    const old = before.get(c.path);
    before.delete(c.path);
    if (old === c.newOid) {
      continue;
    }
    out.push({ ...c, status: old ? 'modified' : 'added', oldOid: old ?? null });
  }
  for (const [path, oid] of before) {
    out.push({
      path,
      status: 'deleted',
      oldOid: oid,
      newOid: null,
      oldMode: null,
      newMode: null,
      size: null,
    });
  }
  return out.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

export interface SkippedFile {
  path: string;
  size: number;
}

/**
 * Files above MAX_FILE_SIZE_BYTES are treated as absent (documented): never stored or delivered. A new one is
 * dropped; one that was in the listing and grew past the limit becomes a delete (for a file that was already
 * skipped, that delete finds nothing to remove, which is harmless). Both are reported as skipped.
 */
export function dropOversized(
  changes: TreeChange[],
  maxBytes: number,
): { kept: TreeChange[]; skipped: SkippedFile[] } {
  const kept: TreeChange[] = [];
  const skipped: SkippedFile[] = [];
  for (const c of changes) {
    if (c.status !== 'deleted' && (c.size ?? 0) > maxBytes) {
      skipped.push({ path: c.path, size: c.size ?? 0 });
      if (c.status === 'modified') {
        kept.push({ ...c, status: 'deleted', newOid: null, newMode: null, size: null });
      }
      continue;
    }
    kept.push(c);
  }
  return { kept, skipped };
}
