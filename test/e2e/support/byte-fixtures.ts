import { createHash } from 'node:crypto';

/** Deterministic pseudo-random bytes (SHAKE256 of the seed): binary-looking, reproducible from one run to the next. */
export function noise(seed: string, length: number): Buffer {
  return createHash('shake256', { outputLength: length }).update(seed).digest();
}

/** At least `minBytes` of valid, varied UTF-8 text (1- to 4-byte characters, escapes, U+2028), no NUL. */
export function bigText(seed: string, minBytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < minBytes; i++) {
    const line = `${seed} ${i}: naïve café — 日本語 😀 "q" \\ \t\u2028 <&>\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(''), 'utf8');
}

/** `at` bytes of 'a', a NUL, then a short tail: text iff `at` >= 8000 (SPEC §4.1). */
export function nulAt(at: number): Buffer {
  return Buffer.concat([Buffer.alloc(at, 'a'), Buffer.from([0]), Buffer.from('tail\n')]);
}

export const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0x00,
]);
/** Latin-1 bytes (0xFC, 0xDF, 0xF6, 0xE9, 0xE8): not UTF-8, so they must travel as base64 to keep their SHA. */
export const LATIN1 = Buffer.from('Grüße aus Köln, café crème\n', 'latin1');
/** CESU-8 style encoded surrogate U+D800 (ED A0 80): rejected by strict UTF-8, lost by a lenient decoder. */
export const SURROGATE = Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62, 0x0a]);
/** Overlong encoding of '/' (C0 AF). */
export const OVERLONG = Buffer.from([0x2f, 0xc0, 0xaf, 0x0a]);
/** Everything JSON.stringify escapes, plus what it leaves alone and other encoders escape (docora-v1.md §4.2). */
export const ESCAPES =
  '"quotes" \\back\\slash\\ \b\f\r\n\t \u0001\u001f\u007f <script>&amp;</script> \u2028\u2029 😀 é\n';
