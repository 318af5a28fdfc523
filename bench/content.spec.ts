import { binaryContent, prng, textContent, vocabulary } from './content';
import { cacheKey, type RepoSpec } from './repo-generator';

describe('bench content', () => {
  it('should be deterministic for a seed and differ across seeds', () => {
    const a = prng(7);
    const b = prng(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(prng(8)()).not.toBe(xs[0]);
    expect(vocabulary(1)).toEqual(vocabulary(1));
  });

  it('should make text of exactly the asked size and binaries that Docora classifies as binary', () => {
    const text = textContent(prng(1), vocabulary(1), 1234);
    expect(text.length).toBe(1234);
    expect(text.includes(0)).toBe(false);
    const bin = binaryContent(1, 'a.bin', 5000);
    expect(bin.length).toBe(5000);
    expect(bin[0]).toBe(0);
    expect(binaryContent(1, 'a.bin', 5000)).toEqual(bin);
    expect(binaryContent(1, 'b.bin', 5000)).not.toEqual(bin);
  });

  it('should key the cache by every generator parameter', () => {
    const spec: RepoSpec = { kind: 'many-files', seed: 1, files: 10, binaryShare: 0 };
    expect(cacheKey(spec)).toBe(cacheKey({ ...spec }));
    expect(cacheKey({ ...spec, files: 11 })).not.toBe(cacheKey(spec));
    expect(cacheKey({ ...spec, seed: 2 })).not.toBe(cacheKey(spec));
  });
});
