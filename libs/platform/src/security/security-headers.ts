import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** v1's policy, directive for directive and in its order (v1 §2.1). */
const CSP_DIRECTIVES: [string, string][] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: https://validator.swagger.io"],
  ['connect-src', "'self'"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['frame-ancestors', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
  ['script-src-attr', "'none'"],
  ['upgrade-insecure-requests', ''],
];

function policy(overrides: Record<string, string> = {}): string {
  return CSP_DIRECTIVES.map(([name, value]) => `${name} ${overrides[name] ?? value}`.trim()).join('; ');
}

export const API_CSP = policy();
/** Swagger UI runs an inline bootstrap script. */
export const DOCS_CSP = policy({ 'script-src': "'self' 'unsafe-inline'" });
/** The admin web UI has no inline script or style at all: same-origin files only (and `data:` for its icon). */
export const ADMIN_UI_CSP = policy({ 'style-src': "'self'", 'img-src': "'self' data:" });

/** `/admin` and everything under it but the admin API. */
function isAdminUiPath(path: string): boolean {
  return (path === '/admin' || path.startsWith('/admin/')) && !/^\/admin\/api(\/|$)/.test(path);
}

export function contentSecurityPolicyFor(path: string): string {
  if (path.startsWith('/docs')) {
    return DOCS_CSP;
  }
  return isAdminUiPath(path) ? ADMIN_UI_CSP : API_CSP;
}

/**
 * v1's security headers on every response, errors and 404s included (it runs before routing): helmet's defaults
 * (COOP/CORP same-origin, Origin-Agent-Cluster, Referrer-Policy no-referrer, HSTS 1 year with subdomains,
 * nosniff, X-DNS-Prefetch-Control off, X-Download-Options noopen, X-Frame-Options SAMEORIGIN,
 * X-Permitted-Cross-Domain-Policies none, X-XSS-Protection 0) plus v1's CSP, which is set here so that it reads
 * exactly as v1's (`; `-separated) and can differ under /docs.
 */
export function securityHeaders(): RequestHandler {
  const others = helmet({ contentSecurityPolicy: false });
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicyFor(req.path));
    others(req, res, next);
  };
}

/** Response headers a browser client may read cross-origin (the rate-limit state). */
const EXPOSED_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after'];

export interface DocoraCorsOptions {
  origin: '*' | string[];
  credentials: false;
  exposedHeaders: string[];
}

/** CORS_ORIGIN: `*` (default) or a comma-separated list of origins; never with credentials (v1). */
export function corsOptions(corsOrigin: string): DocoraCorsOptions {
  const origins = corsOrigin
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    origin: origins.length === 0 || origins.includes('*') ? '*' : origins,
    credentials: false,
    exposedHeaders: EXPOSED_HEADERS,
  };
}
