/** Response bytes stored per attempt (SPEC §3: the delivery log shows an excerpt, not the whole body). */
export const EXCERPT_BYTES = 1024;
const ERROR_CHARS = 500;

/**
 * The first `maxBytes` of a response body as text, cut before a split UTF-8 character; invalid bytes become
 * U+FFFD and NUL (which PostgreSQL text cannot hold) too. null for an empty body.
 */
export function responseExcerpt(body: Buffer, maxBytes: number = EXCERPT_BYTES): string | null {
  if (body.length === 0) {
    return null;
  }
  let end = Math.min(body.length, maxBytes);
  if (end < body.length) {
    // Step back over continuation bytes (10xxxxxx) to the start of the character the cut would split.
    let i = end;
    while (i > 0 && i > end - 4 && (body[i] & 0xc0) === 0x80) {
      i--;
    }
    end = i;
  }
  return body.subarray(0, end).toString('utf8').replace(/\0/g, '\ufffd');
}

/**
 * An error message safe to store and log: URL credentials and query strings (where webhook URLs often carry
 * tokens) are masked, whitespace collapsed, length capped.
 */
export function redactError(message: string): string {
  return message
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@')
    .replace(/(https?:\/\/[^\s?#]*)[?#][^\s]*/gi, '$1?***')
    .replace(/\0/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, ERROR_CHARS);
}
