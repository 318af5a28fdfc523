import { decideRetry, parseRetryAfter } from './retry-policy';

const SCHEDULE = [1000, 5000, 60_000];

describe('decideRetry', () => {
  it('should retry attempt k after schedule[k-1] with ±20 % jitter', () => {
    expect(decideRetry(SCHEDULE, { attempt: 1, statusCode: 500, retryAfterMs: null }, () => 0)).toEqual({
      kind: 'retry',
      delayMs: 800,
    });
    expect(decideRetry(SCHEDULE, { attempt: 1, statusCode: 500, retryAfterMs: null }, () => 0.5)).toEqual({
      kind: 'retry',
      delayMs: 1000,
    });
    expect(
      decideRetry(SCHEDULE, { attempt: 2, statusCode: null, retryAfterMs: null }, () => 0.999999),
    ).toEqual({ kind: 'retry', delayMs: 6000 });
  });

  it('should keep every jittered delay within ±20 % of the schedule', () => {
    for (let i = 0; i < 1000; i++) {
      const d = decideRetry(SCHEDULE, { attempt: 3, statusCode: 502, retryAfterMs: null });
      expect(d.kind).toBe('retry');
      const ms = (d as { delayMs: number }).delayMs;
      expect(ms).toBeGreaterThanOrEqual(48_000);
      expect(ms).toBeLessThanOrEqual(72_000);
    }
  });

  it('should be exhausted after schedule.length + 1 attempts', () => {
    expect(decideRetry(SCHEDULE, { attempt: 3, statusCode: 500, retryAfterMs: null }).kind).toBe('retry');
    expect(decideRetry(SCHEDULE, { attempt: 4, statusCode: 500, retryAfterMs: null })).toEqual({
      kind: 'exhausted',
    });
    expect(decideRetry([], { attempt: 1, statusCode: 500, retryAfterMs: null })).toEqual({
      kind: 'exhausted',
    });
  });

  it.each([429, 503])(
    'should honour Retry-After on %i, without jitter, capped at 10× the scheduled delay',
    (s) => {
      expect(decideRetry(SCHEDULE, { attempt: 1, statusCode: s, retryAfterMs: 7000 }, () => 0)).toEqual({
        kind: 'retry',
        delayMs: 7000,
      });
      expect(decideRetry(SCHEDULE, { attempt: 1, statusCode: s, retryAfterMs: 3_600_000 })).toEqual({
        kind: 'retry',
        delayMs: 10_000,
      });
      // Sooner than the schedule is honoured too: the endpoint knows when it recovers.
      expect(decideRetry(SCHEDULE, { attempt: 2, statusCode: s, retryAfterMs: 0 })).toEqual({
        kind: 'retry',
        delayMs: 0,
      });
    },
  );

  it('should ignore Retry-After on other statuses', () => {
    expect(decideRetry(SCHEDULE, { attempt: 1, statusCode: 500, retryAfterMs: 7000 }, () => 0.5)).toEqual({
      kind: 'retry',
      delayMs: 1000,
    });
  });

  it('should still give up when the schedule is used up, Retry-After or not', () => {
    expect(decideRetry(SCHEDULE, { attempt: 4, statusCode: 429, retryAfterMs: 1000 })).toEqual({
      kind: 'exhausted',
    });
  });

  it('should pause on 410 Gone whatever the attempt number', () => {
    expect(decideRetry(SCHEDULE, { attempt: 1, statusCode: 410, retryAfterMs: null })).toEqual({
      kind: 'pause',
    });
    expect(decideRetry(SCHEDULE, { attempt: 9, statusCode: 410, retryAfterMs: null })).toEqual({
      kind: 'pause',
    });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);

  it('should read delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3000);
  });

  it('should read an HTTP date relative to now, a past date being 0', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('should ignore absent or malformed values', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
