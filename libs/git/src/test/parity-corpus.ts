import type { CommitOptions } from '@lib/testing';

export type CorpusStep = {
  what: string;
  files: Record<string, string | Buffer | null>;
  opts?: CommitOptions;
};

const LFS_POINTER =
  'version https://git-lfs.github.com/spec/v1\n' +
  'oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
const SUB_A = 'a'.repeat(40);
const SUB_B = 'b'.repeat(40);
const NOT_UTF8 = Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x74, 0x78, 0x74]); // "bad\xff.txt"
const NOT_UTF8_DIR = Buffer.concat([Buffer.from('dir'), Buffer.from([0xc3, 0x28]), Buffer.from('/f.txt')]);

/**
 * A sequence of commits that exercises what a tree diff can get wrong: renames, mode changes, nested and deleted
 * directories, file<->directory swaps, symlinks, submodules, empty files, LFS pointers and names that git accepts
 * but Docora must not deliver (not UTF-8, `.git`, `..`).
 */
export const PARITY_CORPUS: CorpusStep[] = [
  {
    what: 'initial tree with every kind of entry',
    files: {
      'README.md': '# r\n',
      'docs/a.md': 'a',
      'docs/b.md': 'b',
      'docs/deep/x/y/z.md': 'deep',
      'bin/run': '#!/bin/sh\n',
      'empty.txt': '',
      'assets/big.psd': LFS_POINTER,
      'with space/quote"d.md': 'q',
      'new\nline.md': 'newline in name',
      'back\\slash.md': 'a backslash is a legal name character',
      'ünï/файл.md': 'unicode',
      '\uFF21.txt': 'fullwidth A',
      '\u{1F600}.txt': 'emoji',
      '\uFEFFbom.txt': 'a name starting with a byte order mark',
      'sub/.git/config': 'a nested .git directory',
      '.GIT/x': 'upper-case .git',
      'dir/../evil.txt': 'a .. component',
      '.gitignore': 'not .git itself: delivered',
    },
    opts: {
      executable: ['bin/run'],
      symlinks: { link: 'README.md', 'docs/link-dir': 'deep' },
      gitlinks: { 'vendor/lib': SUB_A },
      bytePaths: [
        [NOT_UTF8, 'not UTF-8'],
        [NOT_UTF8_DIR, 'under a directory whose name is not UTF-8'],
      ],
    },
  },
  {
    what: 'rename, mode change, nested addition',
    files: { 'docs/a.md': null, 'docs/renamed.md': 'a', 'bin/run': '#!/bin/sh\n', 'docs/deep/x/w.md': 'w' },
  },
  {
    what: 'mode change back and content change at once',
    files: { 'bin/run': '#!/bin/sh\necho hi\n' },
    opts: { executable: ['bin/run'] },
  },
  {
    what: 'delete a whole directory, swap a file for a directory and a directory for a file',
    files: {
      docs: null,
      'README.md': null,
      'README.md/inner.md': 'now a directory',
      'with space': 'now a file', // fast-import replaces the directory
    },
  },
  {
    what: 'file becomes a symlink, symlink becomes a file, submodule moves',
    files: { 'empty.txt': null, link: 'a file again' },
    opts: { symlinks: { 'empty.txt': 'README.md/inner.md' }, gitlinks: { 'vendor/lib': SUB_B } },
  },
  {
    what: 'submodule replaced by a file, skipped names change content',
    files: { 'vendor/lib': 'a file where the submodule was', 'sub/.git/config': 'changed' },
    opts: { bytePaths: [[NOT_UTF8, 'changed too']] },
  },
  {
    what: 'an LFS pointer edited, unicode and odd names deleted',
    files: {
      'assets/big.psd': LFS_POINTER.replace('12345', '54321'),
      'ünï/файл.md': null,
      'new\nline.md': null,
      'back\\slash.md': null,
    },
  },
];
