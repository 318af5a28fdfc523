import { parseOptions } from './options';

describe('bench options', () => {
  it('should default to both engines, 3 runs, all scenarios', () => {
    const o = parseOptions([], true);
    expect(o).toMatchObject({
      json: false,
      quick: false,
      runs: 3,
      engines: ['native', 'isomorphic'],
      out: null,
    });
    expect(o.only).toContain('memory');
  });

  it('should resolve auto to native when git is there, else isomorphic', () => {
    expect(parseOptions(['--engine', 'auto'], true).engines).toEqual(['native']);
    expect(parseOptions(['--engine', 'auto'], false).engines).toEqual(['isomorphic']);
    expect(parseOptions([], false).engines).toEqual(['isomorphic']);
  });

  it('should take --quick (1 run unless --runs), --json, --only, --out, --cpu-prof', () => {
    expect(parseOptions(['--quick'], true).runs).toBe(1);
    const o = parseOptions(
      ['--quick', '--runs', '2', '--json', '--only', 'push,poll', '--out', 'r.json', '--cpu-prof', 'p'],
      true,
    );
    expect(o).toMatchObject({ runs: 2, json: true, only: ['push', 'poll'], out: 'r.json', cpuProfDir: 'p' });
  });

  it('should refuse bad values with a message naming the option', () => {
    expect(() => parseOptions(['--runs', '0'], true)).toThrow(/--runs/);
    expect(() => parseOptions(['--runs'], true)).toThrow(/--runs needs a value/);
    expect(() => parseOptions(['--engine', 'jgit'], true)).toThrow(/--engine/);
    expect(() => parseOptions(['--engine', 'native'], false)).toThrow(/git/);
    expect(() => parseOptions(['--only', 'push,warp'], true)).toThrow(/warp/);
    expect(() => parseOptions(['--fast'], true)).toThrow(/unknown option --fast/);
  });
});
