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

/**
 * Files above MAX_FILE_SIZE_BYTES are treated as absent (documented): never stored or delivered, and a file
 * that grows past the limit is delivered as a delete.
 */
export function dropOversized(
  changes: TreeChange[],
  maxBytes: number,
  known: (path: string) => boolean,
): { kept: TreeChange[]; skipped: string[] } {
  const kept: TreeChange[] = [];
  const skipped: string[] = [];
  for (const c of changes) {
    if (c.status !== 'deleted' && (c.size ?? 0) > maxBytes) {
      skipped.push(c.path);
      if (known(c.path)) {
        kept.push({ ...c, status: 'deleted', newOid: null, newMode: null, size: null });
      }
      continue;
    }
    kept.push(c);
  }
  return { kept, skipped };
}
