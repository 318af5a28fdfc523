import { Logger } from '@nestjs/common';
import { AppError, ErrorCode } from '@lib/contracts';
import type { Request, RequestHandler } from 'express';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { ipv6Groups } from './address-policy';
import { isHookPath } from './hook-body';
import { RATE_LIMIT_MESSAGE, RateLimiter, RateLimitRule, setRateLimitHeaders } from './rate-limiter';

/** Probes and build info are never limited (SPEC §2): a busy client must not make a replica look dead. */
const EXEMPT = /^\/(health|version|metrics)(\/|$)/;

export function isRateLimitExempt(path: string): boolean {
  return EXEMPT.test(path);
}

/**
 * The bucket of a client address. An IPv4-mapped IPv6 peer is its IPv4 address; an IPv6 client is counted per /64,
 * the smallest block one subscriber gets, or rotating addresses inside it would buy a fresh limit each time.
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip) {
    return 'unknown';
  }
  const bare = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIP(bare) === 4) {
    return bare;
  }
  const groups = ipv6Groups(bare);
  return groups
    ? `${groups
        .slice(0, 4)
        .map((g) => g.toString(16))
        .join(':')}::/64`
    : 'unknown';
}

/** The presented bearer token, valid or not (counting happens before authentication). */
export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)/i.exec(authorization ?? '');
  return m?.[1];
}

/**
 * Every request counts against its client address; one that presents a bearer token also counts against that
 * token. Both, because an app spread over many addresses is still one client, and because made-up tokens must
 * not buy fresh limits. The token is hashed: secrets never become Redis keys.
 */
export function rateLimitRules(req: Pick<Request, 'ip' | 'headers'>, limit: number): RateLimitRule[] {
  const rules: RateLimitRule[] = [{ key: ['ip', clientAddressKey(req.ip)], limit }];
  const token = bearerToken(req.headers.authorization);
  if (token) {
    const digest = createHash('sha256').update(`ratelimit:${token}`).digest('hex').slice(0, 32);
    rules.push({ key: ['token', digest], limit });
  }
  return rules;
}

/**
 * Push hooks count per client address only, in a bucket of their own (HOOK_RATE_LIMIT_PER_MINUTE): a provider
 * delivers a burst of pushes from a few addresses, which must neither exhaust nor be exhausted by the API's
 * budget. Hooks authenticate with signatures, never bearer tokens, so no token bucket applies.
 */
export function hookRateLimitRules(req: Pick<Request, 'ip'>, limit: number): RateLimitRule[] {
  return [{ key: ['hook-ip', clientAddressKey(req.ip)], limit }];
}

/**
 * The global limit (RATE_LIMIT_PER_MINUTE per client address and per token; push hooks: see hookRateLimitRules),
 * before routing so that unknown routes and unauthenticated requests are counted too. If Redis does not answer
 * the request goes through unlimited: losing the limiter must not take the API down with it (the readiness probe
 * reports Redis).
 */
export function rateLimitMiddleware(
  limiter: RateLimiter,
  limitPerMinute: number,
  hookLimitPerMinute: number,
): RequestHandler {
  const logger = new Logger('RateLimit');
  let lastWarning = 0;
  return (req, res, next) => {
    if (req.method === 'OPTIONS' || isRateLimitExempt(req.path)) {
      next();
      return;
    }
    const rules = isHookPath(req.path)
      ? hookRateLimitRules(req, hookLimitPerMinute)
      : rateLimitRules(req, limitPerMinute);
    limiter.hit(rules).then(
      (decision) => {
        setRateLimitHeaders(res, decision);
        next(decision.limited ? new AppError(ErrorCode.RateLimited, RATE_LIMIT_MESSAGE) : undefined);
      },
      (e: unknown) => {
        if (Date.now() - lastWarning > 10_000) {
          lastWarning = Date.now();
          logger.warn(
            `rate limiter unavailable, not limiting: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
        next();
      },
    );
  };
}
