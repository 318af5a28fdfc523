import { ADMIN_UI_CSP, API_CSP, contentSecurityPolicyFor, corsOptions, DOCS_CSP } from './security-headers';

describe('contentSecurityPolicyFor', () => {
  it("should serve v1's policy verbatim", () => {
    expect(contentSecurityPolicyFor('/api/repositories')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: " +
        "https://validator.swagger.io; connect-src 'self'; font-src 'self'; object-src 'none'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; script-src-attr 'none'; " +
        'upgrade-insecure-requests',
    );
  });

  it("should add 'unsafe-inline' to script-src under /docs only", () => {
    expect(contentSecurityPolicyFor('/docs')).toBe(DOCS_CSP);
    expect(contentSecurityPolicyFor('/docs/swagger-ui-init.js')).toBe(DOCS_CSP);
    expect(DOCS_CSP).toBe(API_CSP.replace("script-src 'self';", "script-src 'self' 'unsafe-inline';"));
    expect(contentSecurityPolicyFor('/admin/api/session')).toBe(API_CSP);
  });

  it("should drop 'unsafe-inline' styles and the Swagger validator for the admin UI, not its API", () => {
    for (const path of [
      '/admin',
      '/admin/',
      '/admin/apps/app_1',
      '/admin/assets/abc/main.js',
      '/admin/apis',
    ]) {
      expect(contentSecurityPolicyFor(path)).toBe(ADMIN_UI_CSP);
    }
    expect(ADMIN_UI_CSP).toBe(
      API_CSP.replace("style-src 'self' 'unsafe-inline';", "style-src 'self';").replace(
        "img-src 'self' data: https://validator.swagger.io;",
        "img-src 'self' data:;",
      ),
    );
    for (const path of ['/admin/api', '/admin/api/session', '/administrator', '/api/admin']) {
      expect(contentSecurityPolicyFor(path)).toBe(API_CSP);
    }
  });
});

describe('corsOptions', () => {
  it('should allow any origin without credentials by default', () => {
    expect(corsOptions('*')).toMatchObject({ origin: '*', credentials: false });
  });

  it('should list explicit origins, trimmed', () => {
    expect(corsOptions(' https://a.example , https://b.example ')).toMatchObject({
      origin: ['https://a.example', 'https://b.example'],
      credentials: false,
    });
  });

  it('should let browsers read the rate-limit headers', () => {
    expect(corsOptions('*')).toMatchObject({
      exposedHeaders: expect.arrayContaining(['x-ratelimit-remaining', 'retry-after']),
    });
  });
});
