import { comparePaths, planChanges } from './plan-changes';

describe('planChanges', () => {
  it('should order deletes, creates, updates, each by UTF-8 byte order of the path', () => {
    const planned = new Map([
      ['z-old.txt', 'a1'],
      ['b.txt', 'b1'],
      ['a-old.txt', 'c1'],
      ['same.txt', 's1'],
    ]);
    const desired = new Map([
      ['b.txt', 'b2'],
      ['same.txt', 's1'],
      ['é.txt', 'e1'],
      ['Z.txt', 'z1'],
      ['a.txt', 'a2'],
    ]);
    const items = planChanges([...planned.keys(), ...desired.keys()], planned, desired);
    expect(items).toEqual([
      { action: 'delete', path: 'a-old.txt', blob_oid: null },
      { action: 'delete', path: 'z-old.txt', blob_oid: null },
      { action: 'create', path: 'Z.txt', blob_oid: 'z1' },
      { action: 'create', path: 'a.txt', blob_oid: 'a2' },
      { action: 'create', path: 'é.txt', blob_oid: 'e1' },
      { action: 'update', path: 'b.txt', blob_oid: 'b2' },
    ]);
  });

  it('should only consider candidate paths', () => {
    const items = planChanges(['x'], new Map([['y', '1']]), new Map([['x', '2']]));
    expect(items).toEqual([{ action: 'create', path: 'x', blob_oid: '2' }]);
  });
});

describe('comparePaths', () => {
  it('should compare by bytes, not UTF-16 code units', () => {
    // U+FF61 (EF BD A1) sorts after U+1F600 (F0 9F 98 80)? No: 0xEF < 0xF0 in bytes, though UTF-16 says otherwise.
    expect(comparePaths('\uff61', '\u{1f600}')).toBeLessThan(0);
    expect('\uff61' < '\u{1f600}').toBe(false);
  });
});

describe('comparePaths on many strings', () => {
  it('should agree with a byte comparison across ASCII, BMP, private-use and astral characters', () => {
    const alphabet = [
      'a',
      'Z',
      '/',
      '.',
      'é',
      '\u00ff',
      '\u0800',
      '\ud7ff',
      '\ue000',
      '\uff61',
      '\uffff',
      '\u{10000}',
      '\u{1f600}',
      '\u{10ffff}',
    ];
    const words: string[] = [];
    for (const x of alphabet) {
      for (const y of alphabet) {
        words.push(x + y, x);
      }
    }
    const bytes = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const a of words) {
      for (const b of words) {
        expect([a, b, Math.sign(comparePaths(a, b))]).toEqual([a, b, bytes(a, b)]);
      }
    }
  });
});
