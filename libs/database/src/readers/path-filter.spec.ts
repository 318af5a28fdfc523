import { pathFilter, sameFilter } from './path-filter';

describe('pathFilter', () => {
  it('should include everything without patterns', () => {
    expect(pathFilter({})('any/thing/.hidden')).toBe(true);
  });

  it('should apply includes then excludes', () => {
    const f = pathFilter({ include: ['docs/**', '*.md'], exclude: ['docs/private/**'] });
    expect(f('docs/a/b.txt')).toBe(true);
    expect(f('README.md')).toBe(true);
    expect(f('src/a.ts')).toBe(false);
    expect(f('docs/private/x.md')).toBe(false);
    expect(f('docs/.vuepress/config.js')).toBe(true);
  });

  it('should compare filters regardless of order', () => {
    expect(sameFilter({ include: ['a', 'b'] }, { include: ['b', 'a'], exclude: [] })).toBe(true);
    expect(sameFilter({ include: ['a'] }, { include: ['a'], exclude: ['b'] })).toBe(false);
  });
});
