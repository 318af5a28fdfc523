import { Injectable } from '@nestjs/common';
import { RedisProvider } from '@lib/messaging';
import type { Response } from 'express';

export const RATE_LIMIT_WINDOW_MS = 60_000;
export const RATE_LIMIT_MESSAGE = 'Rate limit exceeded, retry in 1 minute';

/** One counter: `key` names the bucket (e.g. ['ip', '203.0.113.7']), `limit` is per window. */
export interface RateLimitRule {
  key: string[];
  limit: number;
}

export interface BucketState {
  limit: number;
  count: number;
  /** Milliseconds until this bucket's window ends. */
  resetMs: number;
}

export interface RateLimitDecision {
  limited: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the binding bucket resets (x-ratelimit-reset, Retry-After). */
  resetSeconds: number;
}

/**
 * Fixed window that starts at a bucket's first hit: INCR, and set the expiry when the key has none (first hit, or a
 * key that lost its TTL). Atomic per bucket, so replicas sharing Redis never over-admit.
 */
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

const remainingOf = (s: BucketState) => Math.max(0, s.limit - s.count);

/**
 * Several buckets apply to one request (client address and token): it is refused when any is over its limit, and
 * the headers describe the bucket that binds — the exceeded one that frees up last, else the one nearest its limit.
 */
export function decide(states: BucketState[]): RateLimitDecision {
  if (states.length === 0) {
    throw new Error('decide() needs at least one bucket');
  }
  const exceeded = states.filter((s) => s.count > s.limit);
  const binding = exceeded.length
    ? exceeded.reduce((a, b) => (b.resetMs > a.resetMs ? b : a))
    : states.reduce((a, b) =>
        remainingOf(b) < remainingOf(a) || (remainingOf(b) === remainingOf(a) && b.resetMs > a.resetMs)
          ? b
          : a,
      );
  return {
    limited: exceeded.length > 0,
    limit: binding.limit,
    remaining: remainingOf(binding),
    resetSeconds: Math.max(1, Math.ceil(binding.resetMs / 1000)),
  };
}

/** v1's headers on every limited response; Retry-After when refused. */
export function setRateLimitHeaders(res: Response, d: RateLimitDecision): void {
  res.setHeader('x-ratelimit-limit', String(d.limit));
  res.setHeader('x-ratelimit-remaining', String(d.remaining));
  res.setHeader('x-ratelimit-reset', String(d.resetSeconds));
  if (d.limited) {
    res.setHeader('Retry-After', String(d.resetSeconds));
  } else {
    res.removeHeader('Retry-After');
  }
}

/** Request counters in Redis under DOCORA_NAMESPACE, shared by every gateway replica. */
@Injectable()
export class RateLimiter {
  constructor(private readonly redis: RedisProvider) {}

  /** Counts one request in every bucket (one script per bucket, so keys may live on different cluster slots). */
  async hit(rules: RateLimitRule[], windowMs = RATE_LIMIT_WINDOW_MS): Promise<RateLimitDecision> {
    const states = await Promise.all(
      rules.map(async (rule): Promise<BucketState> => {
        const key = this.redis.key('ratelimit', ...rule.key);
        const [count, ttl] = (await this.redis.client.eval(HIT_SCRIPT, 1, key, windowMs)) as [number, number];
        return { limit: rule.limit, count, resetMs: ttl };
      }),
    );
    return decide(states);
  }
}
