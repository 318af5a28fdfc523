import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DocoraConfig } from '@lib/config';
import { isHookRequest, MAX_HOOK_BODY_BYTES } from './hook-body';
import { RateLimiter } from './rate-limiter';
import { rateLimitMiddleware } from './rate-limit.middleware';
import {
  bodyErrorTranslator,
  JSON_TYPES,
  MAX_JSON_BODY_BYTES,
  rejectNulCharacters,
  requireJsonContentType,
} from './request-body';
import { corsOptions, securityHeaders } from './security-headers';

/**
 * The HTTP edge's request pipeline, in order, all before routing (so 404s and errors get the same treatment):
 * security headers → CORS (answers preflights) → rate limit (before any body is read) → JSON-only bodies on the
 * APIs → push hooks' raw bodies (5 MiB, kept as bytes for their signatures; the JSON parser then skips them) →
 * JSON parser (1 MB) → NUL check. Express `trust proxy` (TRUST_PROXY) is set by the caller first: it decides
 * which address `req.ip` — the rate-limit bucket — is.
 */
export function applyHttpHardening(app: NestExpressApplication, config: DocoraConfig): void {
  app.use(securityHeaders());
  app.enableCors(corsOptions(config.http.corsOrigin));
  app.use(
    rateLimitMiddleware(app.get(RateLimiter), config.rateLimitPerMinute, config.hooks.rateLimitPerMinute),
  );
  app.use(requireJsonContentType());
  app.useBodyParser('raw', { limit: MAX_HOOK_BODY_BYTES, type: isHookRequest });
  app.use(bodyErrorTranslator(MAX_HOOK_BODY_BYTES));
  app.useBodyParser('json', { limit: MAX_JSON_BODY_BYTES, type: JSON_TYPES });
  app.use(bodyErrorTranslator(MAX_JSON_BODY_BYTES));
  app.use(rejectNulCharacters());
}
