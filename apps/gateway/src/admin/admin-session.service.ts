import { Inject, Injectable } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { AppError, ErrorCode } from '@lib/contracts';
import { RedisProvider } from '@lib/messaging';
import { clientAddressKey, RateLimitDecision, RateLimiter } from '@lib/platform';
import { safeEqual } from '@lib/signing';
import { createHmac, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'sessionId';
export const SESSION_TTL_S = 3600;

/**
 * Admin sessions in Redis (so any gateway replica serves any admin). The cookie holds `<id>.<HMAC>` signed with
 * ADMIN_SESSION_SECRET; a fresh id is issued at every login (no session fixation).
 */
@Injectable()
export class AdminSessionService {
  constructor(
    private readonly redis: RedisProvider,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
    private readonly limiter: RateLimiter,
  ) {}

  /** 503 ADMIN_NOT_CONFIGURED when the admin variables are missing (v1 answered every admin route so). */
  assertConfigured(): void {
    this.secret();
  }

  private secret(): string {
    const { username, password, sessionSecret } = this.config.admin;
    if (!username || !password || !sessionSecret) {
      throw new AppError(
        ErrorCode.AdminNotConfigured,
        'Admin authentication not configured: set ADMIN_USERNAME, ADMIN_PASSWORD and ADMIN_SESSION_SECRET',
      );
    }
    return sessionSecret;
  }

  checkCredentials(username: string, password: string): boolean {
    this.secret();
    // Both compared in full, whatever the first result, so timing tells nothing about which one was wrong.
    const u = safeEqual(username, this.config.admin.username ?? '');
    const p = safeEqual(password, this.config.admin.password ?? '');
    return u && p;
  }

  async create(username: string): Promise<string> {
    const id = randomBytes(32).toString('hex');
    await this.redis.client.set(
      this.redis.key('admin-session', id),
      JSON.stringify({ username, created_at: new Date().toISOString() }),
      'EX',
      SESSION_TTL_S,
    );
    return `${id}.${this.sign(id)}`;
  }

  /** Returns the username of a live session (and extends it: rolling expiry), or null. */
  async resolve(cookie: string | undefined): Promise<string | null> {
    if (!cookie) {
      return null;
    }
    const [id, sig] = cookie.split('.');
    if (!id || !sig || !safeEqual(sig, this.sign(id))) {
      return null;
    }
    const key = this.redis.key('admin-session', id);
    const raw = await this.redis.client.get(key);
    if (!raw) {
      return null;
    }
    await this.redis.client.expire(key, SESSION_TTL_S);
    return (JSON.parse(raw) as { username: string }).username;
  }

  async destroy(cookie: string | undefined): Promise<void> {
    const id = cookie?.split('.')[0];
    if (id) {
      await this.redis.client.del(this.redis.key('admin-session', id));
    }
  }

  cookieHeader(value: string, maxAge = SESSION_TTL_S): string {
    const secure = this.config.env === 'production' ? '; Secure' : '';
    return `${SESSION_COOKIE}=${value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
  }

  /**
   * Counts a login attempt against its client address (ADMIN_LOGIN_RATE_LIMIT_PER_MINUTE), with the shared
   * limiter, so the caller can send the x-ratelimit-* headers of this tighter limit.
   */
  countLoginAttempt(ip: string | undefined): Promise<RateLimitDecision> {
    return this.limiter.hit([
      { key: ['admin-login', clientAddressKey(ip)], limit: this.config.admin.loginRateLimitPerMinute },
    ]);
  }

  private sign(id: string): string {
    return createHmac('sha256', this.secret()).update(id).digest('base64url');
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      return v.join('=');
    }
  }
  return undefined;
}
