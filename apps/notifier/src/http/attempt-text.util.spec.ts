import { redactError, responseExcerpt } from './attempt-text.util';

describe('responseExcerpt', () => {
  it('should keep a short body whole and answer null for an empty one', () => {
    expect(responseExcerpt(Buffer.from('{"ok":true}'))).toBe('{"ok":true}');
    expect(responseExcerpt(Buffer.alloc(0))).toBeNull();
  });

  it('should cut at the byte limit without splitting a UTF-8 character', () => {
    // 'é' is 2 bytes, '😀' 4: a cut at 5 bytes would fall inside the emoji.
    const body = Buffer.from('aé😀b', 'utf8');
    expect(responseExcerpt(body, 5)).toBe('aé');
    expect(responseExcerpt(body, 7)).toBe('aé😀');
    expect(responseExcerpt(body, 2)).toBe('a');
    const long = Buffer.from('日'.repeat(1000), 'utf8');
    const cut = responseExcerpt(long)!;
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(1024);
    expect(cut).toBe('日'.repeat(341));
  });

  it('should replace invalid bytes and NUL so PostgreSQL text can hold the result', () => {
    expect(responseExcerpt(Buffer.from([0x61, 0x00, 0xff, 0x62]))).toBe('a\ufffd\ufffdb');
  });
});

describe('redactError', () => {
  it('should mask credentials and query strings of URLs', () => {
    expect(redactError('GET https://user:s3cret@hooks.example.com/x?token=abc failed')).toBe(
      'GET https://***@hooks.example.com/x?*** failed',
    );
    expect(redactError('http://hooks.example.com/a#frag and more')).toBe(
      'http://hooks.example.com/a?*** and more',
    );
  });

  it('should collapse whitespace and cap the length', () => {
    expect(redactError('a\n\n  b\0')).toBe('a b');
    expect(redactError('x'.repeat(2000))).toHaveLength(500);
  });

  it('should leave an ordinary network error alone', () => {
    expect(redactError('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9')).toBe(
      'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
    );
  });
});
