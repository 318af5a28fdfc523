import { createCipheriv, createHash } from 'node:crypto';

/** mulberry32: a tiny seeded PRNG, so a generator's parameters fully determine the repository's bytes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function intBetween(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

/** A fixed vocabulary of pseudo-words, so text files compress and delta like source code does. */
export function vocabulary(seed: number, size = 3000): string[] {
  const rand = prng(seed ^ 0x5eed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const words: string[] = [];
  for (let i = 0; i < size; i++) {
    let w = '';
    const n = intBetween(rand, 2, 10);
    for (let j = 0; j < n; j++) {
      w += letters[Math.floor(rand() * letters.length)];
    }
    words.push(w);
  }
  return words;
}

const PUNCT = [' = ', '(', ');', ' {', '}', ', ', '.', ' // ', ' + ', ': '];

/** Source-like UTF-8 text of exactly `bytes` bytes (ASCII only), lines of a few words. */
export function textContent(rand: () => number, words: string[], bytes: number): Buffer {
  const parts: string[] = [];
  let len = 0;
  while (len < bytes) {
    const n = intBetween(rand, 3, 12);
    let line = '  '.repeat(intBetween(rand, 0, 3));
    for (let i = 0; i < n; i++) {
      line += words[Math.floor(rand() * words.length)];
      line += rand() < 0.3 ? PUNCT[Math.floor(rand() * PUNCT.length)] : ' ';
    }
    line += '\n';
    parts.push(line);
    len += line.length;
  }
  return Buffer.from(parts.join('').slice(0, bytes), 'utf8');
}

/** Incompressible bytes (an AES-CTR keystream keyed by seed and label): stands in for images, archives, PDFs. */
export function binaryContent(seed: number, label: string, bytes: number): Buffer {
  const key = createHash('sha256').update(`${seed}:${label}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const out = cipher.update(Buffer.alloc(bytes));
  cipher.final();
  // A NUL in the first bytes makes every binary a "binary" for Docora's text/binary rule, whatever the stream.
  if (out.length > 0) {
    out[0] = 0;
  }
  return out;
}
