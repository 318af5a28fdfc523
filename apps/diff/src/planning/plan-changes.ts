import { ChangeAction } from '@lib/entities';
import { compareUtf8 } from '@lib/git';

export interface PlannedItem {
  action: ChangeAction;
  path: string;
  blob_oid: string | null;
}

const ACTION_ORDER: Record<ChangeAction, number> = { delete: 0, create: 1, update: 2 };

/** Byte order of the UTF-8 path (SPEC §4.1), not JavaScript's UTF-16 order. */
export function comparePaths(a: string, b: string): number {
  return compareUtf8(a, b);
}

/**
 * Compares what the app will have (planned) with what it should have (desired: the in-scope listing) over the
 * candidate paths, and orders the result: deletes, then creates, then updates, each by path.
 */
export function planChanges(
  candidates: Iterable<string>,
  planned: Map<string, string>,
  desired: Map<string, string>,
): PlannedItem[] {
  const items: PlannedItem[] = [];
  for (const path of new Set(candidates)) {
    const before = planned.get(path) ?? null;
    const after = desired.get(path) ?? null;
    if (before === after) {
      continue;
    }
    if (after === null) {
      items.push({ action: 'delete', path, blob_oid: null });
    } else {
      items.push({ action: before === null ? 'create' : 'update', path, blob_oid: after });
    }
  }
  return items.sort(
    (x, y) => ACTION_ORDER[x.action] - ACTION_ORDER[y.action] || comparePaths(x.path, y.path),
  );
}
