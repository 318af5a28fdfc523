import { classifyContent, NUL_SCAN_BYTES } from './classify-content.util';

function withByteAt(length: number, index: number, byte: number): Buffer {
  const buf = Buffer.alloc(length, 'a');
  buf[index] = byte;
  return buf;
}

describe('classifyContent', () => {
  it.each<[string, Buffer, 'text' | 'binary']>([
    ['an empty file', Buffer.alloc(0), 'text'],
    ['ASCII', Buffer.from('# Demo\nhello\n'), 'text'],
    ['non-ASCII UTF-8', Buffer.from('héllo wörld ✓ 日本語 🎉'), 'text'],
    ['U+2028 and U+2029', Buffer.from('a\u2028b\u2029c'), 'text'],
    ['a UTF-8 BOM', Buffer.from('\uFEFFhello'), 'text'],
    ['control characters other than NUL', Buffer.from('a\x01\x1b[0m\x7f'), 'text'],
    ['a NUL as the first byte', Buffer.from([0, 0x61]), 'binary'],
    ['a NUL at byte 7999 (last scanned)', withByteAt(9000, 7999, 0), 'binary'],
    ['a NUL at byte 8000 (first unscanned)', withByteAt(9000, 8000, 0), 'text'],
    ['a NUL at byte 8001', withByteAt(9000, 8001, 0), 'text'],
    ['a lone 0xFF', Buffer.from([0x61, 0xff, 0x62]), 'binary'],
    ['a Latin-1 é (0xE9)', Buffer.from('caf\xe9', 'latin1'), 'binary'],
    ['an overlong encoding of "/"', Buffer.from([0xc0, 0xaf]), 'binary'],
    ['an encoded UTF-16 surrogate', Buffer.from([0xed, 0xa0, 0x80]), 'binary'],
    ['a truncated multi-byte sequence at the end', Buffer.from([0x61, 0xe2, 0x82]), 'binary'],
    ['invalid UTF-8 after the NUL scan window', withByteAt(20_000, 15_000, 0xff), 'binary'],
    ['a PNG header', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'binary'],
  ])('should classify %s', (_case, bytes, expected) => {
    expect(classifyContent(bytes)).toBe(expected);
  });

  it('should scan exactly the first 8,000 bytes for NUL', () => {
    expect(NUL_SCAN_BYTES).toBe(8000);
  });

  it('should agree with a fatal TextDecoder on valid inputs', () => {
    const samples = ['', 'plain', 'ü', '\u2028', '🎉'.repeat(100)].map((s) => Buffer.from(s));
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const bytes of samples) {
      expect(() => decoder.decode(bytes)).not.toThrow();
      expect(classifyContent(bytes)).toBe('text');
    }
  });
});
