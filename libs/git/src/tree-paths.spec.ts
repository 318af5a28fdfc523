import { deliverableName, deliverablePath } from './tree-paths';

const b = (s: string | number[]) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s));

describe('deliverableName', () => {
  it.each([
    ['a plain name', 'README.md', 'README.md'],
    ['spaces, quotes, a newline and a backslash', 'a "b"\nc\\d', 'a "b"\nc\\d'],
    ['a leading byte order mark, kept', '\uFEFFx', '\uFEFFx'],
    ['.gitignore', '.gitignore', '.gitignore'],
    ['.git', '.git', null],
    ['.GiT', '.GiT', null],
    ['.', '.', null],
    ['..', '..', null],
    ['an empty name', '', null],
  ])('should handle %s', (_what, name, expected) => {
    expect(deliverableName(b(name))).toBe(expected);
  });

  it('should refuse names that are not valid UTF-8 instead of decoding them lossily', () => {
    expect(deliverableName(b([0x61, 0xff]))).toBeNull();
    expect(deliverableName(b([0xc3, 0x28]))).toBeNull();
    expect(deliverableName(b([0xed, 0xa0, 0x80]))).toBeNull(); // an encoded surrogate
  });
});

describe('deliverablePath', () => {
  it('should keep a path whose every component is deliverable', () => {
    expect(deliverablePath(b('docs/ünï/a b.md'))).toBe('docs/ünï/a b.md');
  });

  it('should skip a path when any component is not', () => {
    expect(deliverablePath(b('sub/.git/config'))).toBeNull();
    expect(deliverablePath(b('dir/../evil'))).toBeNull();
    expect(deliverablePath(Buffer.concat([b('ok/'), b([0xff]), b('/f')]))).toBeNull();
    expect(deliverablePath(b('a//b'))).toBeNull();
  });
});
