import type { Response } from 'express';
import { decide, setRateLimitHeaders } from './rate-limiter';

function fakeResponse() {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (k: string, v: string) => headers.set(k.toLowerCase(), v),
    removeHeader: (k: string) => headers.delete(k.toLowerCase()),
  } as unknown as Response;
  return { res, headers };
}

describe('decide', () => {
  it('should describe a single bucket below its limit', () => {
    expect(decide([{ limit: 100, count: 1, resetMs: 60_000 }])).toEqual({
      limited: false,
      limit: 100,
      remaining: 99,
      resetSeconds: 60,
    });
  });

  it('should allow the request that reaches the limit exactly and refuse the next', () => {
    expect(decide([{ limit: 5, count: 5, resetMs: 30_000 }])).toMatchObject({ limited: false, remaining: 0 });
    expect(decide([{ limit: 5, count: 6, resetMs: 30_000 }])).toMatchObject({ limited: true, remaining: 0 });
  });

  it('should report the bucket nearest its limit when none is exceeded', () => {
    const d = decide([
      { limit: 100, count: 10, resetMs: 50_000 },
      { limit: 100, count: 40, resetMs: 20_000 },
    ]);
    expect(d).toEqual({ limited: false, limit: 100, remaining: 60, resetSeconds: 20 });
  });

  it('should refuse when any bucket is exceeded, reporting the one that frees up last', () => {
    const d = decide([
      { limit: 5, count: 1, resetMs: 59_000 },
      { limit: 5, count: 9, resetMs: 10_000 },
      { limit: 5, count: 7, resetMs: 40_000 },
    ]);
    expect(d).toEqual({ limited: true, limit: 5, remaining: 0, resetSeconds: 40 });
  });

  it('should never announce a reset of 0 seconds', () => {
    expect(decide([{ limit: 5, count: 6, resetMs: 3 }]).resetSeconds).toBe(1);
  });

  it('should need at least one bucket', () => {
    expect(() => decide([])).toThrow();
  });
});

describe('setRateLimitHeaders', () => {
  it('should set the three x-ratelimit headers, and Retry-After only when refused', () => {
    const { res, headers } = fakeResponse();
    setRateLimitHeaders(res, { limited: false, limit: 100, remaining: 42, resetSeconds: 17 });
    expect(Object.fromEntries(headers)).toEqual({
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '42',
      'x-ratelimit-reset': '17',
    });
    setRateLimitHeaders(res, { limited: true, limit: 5, remaining: 0, resetSeconds: 33 });
    expect(Object.fromEntries(headers)).toEqual({
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '33',
      'retry-after': '33',
    });
  });
});
