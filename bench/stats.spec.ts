import { combineRuns, formatTable, median, ratePerSecond, round } from './stats';

describe('bench stats', () => {
  it('should take the median of finite values only', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, null, undefined, NaN, 1])).toBe(3);
    expect(median([])).toBeNull();
  });

  it('should count webhooks per second from the first arrival to the last', () => {
    // 11 arrivals 10 ms apart: 10 intervals in 100 ms.
    expect(ratePerSecond(Array.from({ length: 11 }, (_, i) => 5_000 + i * 10))).toBe(100);
    expect(ratePerSecond([1, 1])).toBeNull();
    expect(ratePerSecond([1])).toBeNull();
  });

  it('should combine runs: medians, maxima for *_max_ms, the last value otherwise', () => {
    const combined = combineRuns([
      { a_ms: 10, worst_max_ms: 100, label: 'x', nested: { p: 1 } },
      { a_ms: 30, worst_max_ms: 300, label: 'y', nested: { p: 2 } },
      { a_ms: 20, worst_max_ms: 200, label: 'z' },
    ]);
    expect(combined).toEqual({ a_ms: 20, worst_max_ms: 300, label: 'z', nested: { p: 2 } });
    expect(combineRuns([{ a: null }, { a: 4 }])).toEqual({ a: 4 });
  });

  it('should round and format a padded table', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(null)).toBeNull();
    expect(formatTable(['k', 'value'], [['long key', '1']]).split('\n')).toEqual([
      'k         value',
      '--------  -----',
      'long key  1',
    ]);
  });
});
