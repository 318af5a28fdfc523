import { TreeChange } from '@lib/git';
import { diffAgainstListing, dropOversized } from './listing-diff';

const added = (path: string, oid: string, size = 1): TreeChange => ({
  path,
  status: 'added',
  oldOid: null,
  newOid: oid,
  oldMode: null,
  newMode: '100644',
  size,
});

describe('diffAgainstListing', () => {
  it('should turn a full tree into the real changes against the stored listing', () => {
    const full = [added('a.txt', '1'), added('b.txt', '2'), added('c.txt', '3')];
    const stored = [
      { path: 'a.txt', blob_oid: '1' },
      { path: 'b.txt', blob_oid: 'old' },
      { path: 'gone.txt', blob_oid: '9' },
    ];
    const out = diffAgainstListing(full, stored);
    expect(out.map((c) => [c.status, c.path, c.oldOid, c.newOid])).toEqual([
      ['modified', 'b.txt', 'old', '2'],
      ['added', 'c.txt', null, '3'],
      ['deleted', 'gone.txt', '9', null],
    ]);
  });
});

describe('dropOversized', () => {
  it('should skip new oversized files and delete listed ones that grew too big', () => {
    const grown: TreeChange = { ...added('big-known', 'y', 11), status: 'modified', oldOid: 'small' };
    const { kept, skipped } = dropOversized([added('big-new', 'x', 11), grown, added('ok', 'z', 10)], 10);
    expect(skipped).toEqual([
      { path: 'big-new', size: 11 },
      { path: 'big-known', size: 11 },
    ]);
    expect(kept.map((c) => [c.status, c.path])).toEqual([
      ['deleted', 'big-known'],
      ['added', 'ok'],
    ]);
  });
});
