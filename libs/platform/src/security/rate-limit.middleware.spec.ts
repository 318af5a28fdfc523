import { AppError, ErrorCode } from '@lib/contracts';
import type { NextFunction, Request, Response } from 'express';
import {
  bearerToken,
  clientAddressKey,
  hookRateLimitRules,
  isRateLimitExempt,
  rateLimitMiddleware,
  rateLimitRules,
} from './rate-limit.middleware';
import { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter';

describe('clientAddressKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::ffff', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
    ['garbage', 'unknown'],
  ])('should bucket %s as %s', (ip, key) => {
    expect(clientAddressKey(ip)).toBe(key);
  });
});

describe('bearerToken', () => {
  it('should take the token of a Bearer header, whatever its validity', () => {
    expect(bearerToken('Bearer docora_abc')).toBe('docora_abc');
    expect(bearerToken('bearer   x')).toBe('x');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('isRateLimitExempt', () => {
  it.each([
    ['/health', true],
    ['/health/live', true],
    ['/health/ready', true],
    ['/version', true],
    ['/metrics', true],
    ['/api/repositories', false],
    ['/admin/api/login', false],
    ['/healthz', false],
    ['/versions', false],
    ['/', false],
  ])('should answer %s → %s', (path, exempt) => {
    expect(isRateLimitExempt(path)).toBe(exempt);
  });
});

describe('rateLimitRules', () => {
  const req = (ip: string, authorization?: string) =>
    ({ ip, headers: authorization ? { authorization } : {} }) as Request;

  it('should count an anonymous request against its address only', () => {
    expect(rateLimitRules(req('198.51.100.1'), 100)).toEqual([{ key: ['ip', '198.51.100.1'], limit: 100 }]);
  });

  it('should also count a request with a token against that token, hashed', () => {
    const token = 'docora_' + 'ab'.repeat(32);
    const rules = rateLimitRules(req('198.51.100.1', `Bearer ${token}`), 7);
    expect(rules).toHaveLength(2);
    expect(rules[1].limit).toBe(7);
    expect(rules[1].key[0]).toBe('token');
    expect(rules[1].key[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(rules[1].key.join(':')).not.toContain(token);
    expect(rateLimitRules(req('192.0.2.9', `Bearer ${token}`), 7)[1]).toEqual(rules[1]);
    expect(rateLimitRules(req('198.51.100.1', 'Bearer other'), 7)[1]).not.toEqual(rules[1]);
  });
});

describe('hookRateLimitRules', () => {
  it('should bucket by address under its own key', () => {
    expect(hookRateLimitRules({ ip: '::ffff:198.51.100.1' }, 600)).toEqual([
      { key: ['hook-ip', '198.51.100.1'], limit: 600 },
    ]);
  });
});

describe('rateLimitMiddleware', () => {
  function run(
    limiter: Pick<RateLimiter, 'hit'>,
    path = '/api/repositories',
    method = 'GET',
    authorization?: string,
  ) {
    const headers = new Map<string, string>();
    const res = {
      setHeader: (k: string, v: string) => headers.set(k.toLowerCase(), v),
      removeHeader: (k: string) => headers.delete(k.toLowerCase()),
    } as unknown as Response;
    const req = {
      path,
      method,
      ip: '203.0.113.5',
      headers: authorization ? { authorization } : {},
    } as Request;
    return new Promise<{ err: unknown; headers: Map<string, string> }>((resolve) => {
      const next: NextFunction = (err?: unknown) => resolve({ err, headers });
      rateLimitMiddleware(limiter as RateLimiter, 3, 50)(req, res, next);
    });
  }
  const answering = (d: RateLimitDecision) => {
    const calls: RateLimitRule[][] = [];
    return { calls, hit: (rules: RateLimitRule[]) => (calls.push(rules), Promise.resolve(d)) };
  };

  it('should pass an allowed request on with the headers set', async () => {
    const limiter = answering({ limited: false, limit: 3, remaining: 2, resetSeconds: 60 });
    const { err, headers } = await run(limiter);
    expect(err).toBeUndefined();
    expect(headers.get('x-ratelimit-remaining')).toBe('2');
    expect(limiter.calls[0]).toEqual([{ key: ['ip', '203.0.113.5'], limit: 3 }]);
  });

  it('should refuse with RATE_LIMITED and Retry-After when over the limit', async () => {
    const { err, headers } = await run(
      answering({ limited: true, limit: 3, remaining: 0, resetSeconds: 12 }),
    );
    expect(err).toEqual(new AppError(ErrorCode.RateLimited, 'Rate limit exceeded, retry in 1 minute'));
    expect((err as AppError).code).toBe(ErrorCode.RateLimited);
    expect(headers.get('retry-after')).toBe('12');
  });

  it('should not count health, version or preflight requests', async () => {
    const limiter = answering({ limited: true, limit: 3, remaining: 0, resetSeconds: 12 });
    expect((await run(limiter, '/health/ready')).err).toBeUndefined();
    expect((await run(limiter, '/version')).err).toBeUndefined();
    expect((await run(limiter, '/api/repositories', 'OPTIONS')).err).toBeUndefined();
    expect(limiter.calls).toHaveLength(0);
  });

  it('should count push hooks per address in their own bucket, ignoring any bearer token', async () => {
    const limiter = answering({ limited: false, limit: 50, remaining: 49, resetSeconds: 60 });
    await run(limiter, '/hooks/github', 'POST', 'Bearer docora_' + 'a'.repeat(64));
    await run(limiter, '/hooksmith', 'POST');
    expect(limiter.calls[0]).toEqual([{ key: ['hook-ip', '203.0.113.5'], limit: 50 }]);
    expect(limiter.calls[1]).toEqual([{ key: ['ip', '203.0.113.5'], limit: 3 }]);
  });

  it('should let requests through without headers when Redis fails', async () => {
    const { err, headers } = await run({ hit: () => Promise.reject(new Error('ECONNREFUSED')) });
    expect(err).toBeUndefined();
    expect(headers.size).toBe(0);
  });
});
