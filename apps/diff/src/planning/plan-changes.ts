import { ChangeAction } from '@lib/entities';

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
 * Orders strings by their UTF-8 bytes without encoding them. UTF-16 code units already sort like code points
 * (and so like UTF-8), except that surrogates (U+D800-DFFF, the halves of code points above U+FFFF) must sort
 * after U+E000-FFFF: shift them up and those down before comparing the first differing unit.
 */
function compareUtf8(a: string, b: string): number {
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
