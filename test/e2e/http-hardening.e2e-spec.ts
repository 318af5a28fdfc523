import { classifyAddress } from '@lib/platform';
import { DocoraTestEnv } from '@lib/testing';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { useEnvHooks } from './support/env-hooks';
import { bodyBytes, httpExchange, RawReply } from './support/raw-http';

/**
 * The per-address limit is 5/min in this file, so each scenario speaks from its own loopback address (all of
 * 127/8 is the local host on Linux): the gateway sees distinct client addresses on real sockets, with no
 * X-Forwarded-For involved (TRUST_PROXY stays at its default, false).
 */
let nextHost = 10;
const freshAddress = () => `127.0.0.${nextHost++}`;

function send(
  base: string,
  method: string,
  path: string,
  opts: { from?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<RawReply> {
  const raw = bodyBytes(opts.body);
  const headers: Record<string, string> = {
    ...(raw !== undefined
      ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(raw)) }
      : {}),
    ...opts.headers,
  };
  return httpExchange(`${base}${path}`, { method, headers, localAddress: opts.from ?? '127.0.0.1' }, raw);
}

/** v1 §2.1, observed on every response. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: " +
    "https://validator.swagger.io; connect-src 'self'; font-src 'self'; object-src 'none'; " +
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; script-src-attr 'none'; upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const RATE_LIMITED = { error: 'Rate limit exceeded, retry in 1 minute', code: 'RATE_LIMITED' };
const PUBLIC_BASE_URL = 'https://1.1.1.1/hooks'; // public literal: passes the SSRF check without DNS; never called

describe('HTTP hardening (gateway edge, single process)', () => {
  let env: DocoraTestEnv;
  let cookie = '';
  const startedAt = Date.now();

  const admin = (method: string, path: string, body?: unknown) =>
    send(env.url, method, path, { from: freshAddress(), headers: { cookie }, body });

  const onboard = (base_url: string, app_name = 'Hardening app') =>
    admin('POST', '/admin/api/apps/onboard', {
      base_url,
      app_name,
      email: 'dev@example.com',
      client_auth_key: 'k'.repeat(32),
    });

  const appCount = async () =>
    Number((await env.query<{ n: string }>('SELECT count(*) AS n FROM apps'))[0].n);

  const tokenFor = async (name: string) => {
    const res = await onboard(PUBLIC_BASE_URL, name);
    expect(res.status).toBe(201);
    return res.body.data.token as string;
  };

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: {
        RATE_LIMIT_PER_MINUTE: '5',
        ADMIN_LOGIN_RATE_LIMIT_PER_MINUTE: '3',
        ALLOW_PRIVATE_URLS: 'false',
        BUILD_NUMBER: '417',
        COMMIT_SHA: 'c0ffee1',
      },
    });
    const login = await send(env.url, 'POST', '/admin/api/login', {
      from: freshAddress(),
      body: { username: 'admin', password: 'admin-password' },
    });
    expect(login.status).toBe(200);
    cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
  }, 120_000);

  useEnvHooks(() => env);

  describe('security headers and CORS', () => {
    it.each([
      ['GET', '/health', 200],
      ['GET', '/version', 200],
      ['GET', '/no/such/route', 404],
      ['POST', '/api/repositories', 401],
      ['GET', '/admin/api/session', 401],
    ])('should send every security header on %s %s (%d)', async (method, path, status) => {
      const res = await send(env.url, method, path, { from: freshAddress() });
      expect(res.status).toBe(status);
      expect(res.headers).toMatchObject(SECURITY_HEADERS);
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it("should add 'unsafe-inline' to script-src under /docs", async () => {
      const res = await send(env.url, 'GET', '/docs/missing-asset.js', { from: freshAddress() });
      expect(res.headers['content-security-policy']).toBe(
        SECURITY_HEADERS['content-security-policy'].replace(
          "script-src 'self';",
          "script-src 'self' 'unsafe-inline';",
        ),
      );
    });

    it('should allow any origin without credentials, and answer preflights', async () => {
      const from = freshAddress();
      const res = await send(env.url, 'GET', '/health', { from, headers: { origin: 'https://app.example' } });
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      const preflight = await send(env.url, 'OPTIONS', '/api/repositories', {
        from,
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-methods']).toContain('POST');
      expect(preflight.headers).toMatchObject(SECURITY_HEADERS);
    });
  });

  describe('GET /version', () => {
    it('should report the package version and the build metadata, without a token', async () => {
      const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
      const res = await send(env.url, 'GET', '/version', { from: freshAddress() });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['version', 'buildNumber', 'gitSha', 'buildDate']);
      expect(res.body).toMatchObject({ version: pkg.version, buildNumber: '417', gitSha: 'c0ffee1' });
      const built = Date.parse(res.body.buildDate);
      expect(new Date(built).toISOString()).toBe(res.body.buildDate);
      expect(built).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(built).toBeLessThanOrEqual(Date.now());
    });
  });

  describe('rate limits', () => {
    it('should count per client address, with the headers on every response and a 429 past the limit', async () => {
      const from = freshAddress();
      for (let i = 1; i <= 5; i++) {
        const res = await send(env.url, 'GET', '/no/such/route', { from });
        expect(res.status).toBe(404);
        expect(res.headers['x-ratelimit-limit']).toBe('5');
        expect(res.headers['x-ratelimit-remaining']).toBe(String(5 - i));
        expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
        expect(Number(res.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(60);
      }
      const refused = await send(env.url, 'GET', '/no/such/route', { from });
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual(RATE_LIMITED);
      expect(refused.headers['x-ratelimit-remaining']).toBe('0');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.headers).toMatchObject(SECURITY_HEADERS);

      const elsewhere = await send(env.url, 'GET', '/no/such/route', { from: freshAddress() });
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.headers['x-ratelimit-remaining']).toBe('4');
    });

    it('should never limit health or /version', async () => {
      const from = freshAddress();
      for (let i = 0; i < 6; i++) {
        expect((await send(env.url, 'GET', '/no/such/route', { from })).status).toBe(i < 5 ? 404 : 429);
      }
      for (const path of ['/health', '/health/live', '/health/ready', '/version']) {
        const res = await send(env.url, 'GET', path, { from });
        expect(res.status).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBeUndefined();
      }
    });

    it('should not let a forged X-Forwarded-For pick a fresh bucket', async () => {
      const from = freshAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await send(env.url, 'GET', '/no/such/route', {
          from,
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    });

    it('should count per token across addresses, and per address across tokens', async () => {
      const [tokenA, tokenB] = [await tokenFor('Token A app'), await tokenFor('Token B app')];
      const register = (token: string, from: string) =>
        send(env.url, 'POST', '/api/repositories', {
          from,
          headers: { authorization: `Bearer ${token}` },
          body: {},
        });
      const home = freshAddress();
      for (let i = 1; i <= 5; i++) {
        const res = await register(tokenA, home);
        expect(res.status).toBe(400); // authenticated, then refused by validation: counted all the same
        expect(res.headers['x-ratelimit-remaining']).toBe(String(5 - i));
      }
      const tokenElsewhere = await register(tokenA, freshAddress());
      expect(tokenElsewhere.status).toBe(429);
      expect(tokenElsewhere.body).toEqual(RATE_LIMITED);

      const otherTokenSameAddress = await register(tokenB, home);
      expect(otherTokenSameAddress.status).toBe(429);

      const otherTokenElsewhere = await register(tokenB, freshAddress());
      expect(otherTokenElsewhere.status).toBe(400);
      // Token B was counted once from `home` (refused) and once now.
      expect(otherTokenElsewhere.headers['x-ratelimit-remaining']).toBe('3');
    });

    it('should not give made-up tokens fresh buckets', async () => {
      const from = freshAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const token = 'docora_' + String(i).repeat(64);
        const res = await send(env.url, 'GET', '/api/repositories', {
          from,
          headers: { authorization: `Bearer ${token}` },
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 5).every((s) => s === 401 || s === 404)).toBe(true);
      expect(statuses[5]).toBe(429);
    });

    it('should limit admin logins separately (3/min here) with their own headers', async () => {
      const from = freshAddress();
      for (let i = 1; i <= 3; i++) {
        const res = await send(env.url, 'POST', '/admin/api/login', {
          from,
          body: { username: 'admin', password: 'wrong-password' },
        });
        expect(res.status).toBe(401);
        expect(res.headers['x-ratelimit-limit']).toBe('3');
        expect(res.headers['x-ratelimit-remaining']).toBe(String(3 - i));
      }
      const refused = await send(env.url, 'POST', '/admin/api/login', {
        from,
        body: { username: 'admin', password: 'admin-password' },
      });
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual(RATE_LIMITED);
      expect(refused.headers['x-ratelimit-limit']).toBe('3');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('SSRF at onboarding (ALLOW_PRIVATE_URLS=false)', () => {
    it.each([
      ['http://1.1.1.1/hooks', 'URL must use HTTPS'],
      ['https://u:p@1.1.1.1/hooks', 'URL must not contain credentials'],
      ['https://hooks.localhost/x', 'Localhost URLs are not allowed'],
      ['https://[::1]/x', 'Private IP addresses are not allowed (::1 is loopback)'],
      ['https://[::ffff:7f00:1]/x', 'Private IP addresses are not allowed (::ffff:7f00:1 is loopback)'],
      ['https://[::ffff:127.0.0.1]/x', 'Private IP addresses are not allowed (::ffff:7f00:1 is loopback)'],
      ['https://[64:ff9b::7f00:1]/x', 'Private IP addresses are not allowed (64:ff9b::7f00:1 is loopback)'],
      ['https://0.0.0.0/x', 'Private IP addresses are not allowed (0.0.0.0 is unspecified)'],
      ['https://10.0.0.8/x', 'Private IP addresses are not allowed (10.0.0.8 is private)'],
      ['https://100.64.0.1/x', 'Private IP addresses are not allowed (100.64.0.1 is carrier-grade NAT)'],
      ['https://169.254.169.254/x', 'Private IP addresses are not allowed (169.254.169.254 is link-local)'],
      ['https://[fd00::1]/x', 'Private IP addresses are not allowed (fd00::1 is unique-local)'],
      ['https://[fe80::1]/x', 'Private IP addresses are not allowed (fe80::1 is link-local)'],
    ])('should refuse %s with 422 and store nothing', async (url, reason) => {
      const before = await appCount();
      const res = await onboard(url);
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ error: reason, code: 'UNSAFE_URL' });
      expect(await appCount()).toBe(before);
    });

    it('should refuse a host name that resolves to a non-public address', async () => {
      const name = hostname();
      const resolved = await lookup(name, { all: true });
      // Premise: this machine's own name resolves to itself or its private network, as on any CI runner.
      expect(resolved.map((a) => classifyAddress(a.address)).some((c) => c !== 'public')).toBe(true);
      const before = await appCount();
      const res = await onboard(`https://${name}/hooks`);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('UNSAFE_URL');
      expect(res.body.error).toMatch(new RegExp(`^Host name resolves to a private IP address \\(${name} → `));
      expect(await appCount()).toBe(before);
    });

    it.each(['https://2130706433/x', 'https://0177.0.0.1/x', 'https://0x7f.1/x'])(
      'should refuse the numeric loopback form %s and store nothing',
      async (url) => {
        const before = await appCount();
        const res = await onboard(url);
        // The DTO's URL validator already refuses these (400); the SSRF policy would answer 422.
        expect([400, 422]).toContain(res.status);
        expect(['VALIDATION_FAILED', 'UNSAFE_URL']).toContain(res.body.code);
        expect(await appCount()).toBe(before);
      },
    );

    it('should accept a public https address', async () => {
      const before = await appCount();
      const res = await onboard(PUBLIC_BASE_URL, 'Public app');
      expect(res.status).toBe(201);
      expect(await appCount()).toBe(before + 1);
    });
  });

  describe('bad input at the edge', () => {
    it('should refuse a NUL character in a JSON string with 400 and store nothing', async () => {
      const before = await appCount();
      const res = await admin('POST', '/admin/api/apps/onboard', {
        base_url: PUBLIC_BASE_URL,
        app_name: 'bad\u0000name',
        email: 'dev@example.com',
        client_auth_key: 'k'.repeat(32),
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: 'body/app_name must not contain NUL characters',
        code: 'VALIDATION_FAILED',
        details: ['body/app_name must not contain NUL characters'],
      });
      expect(await appCount()).toBe(before);
    });

    it('should refuse a NUL character nested in an array', async () => {
      const token = await tokenFor('Nul app');
      const res = await send(env.url, 'POST', '/api/repositories', {
        from: freshAddress(),
        headers: { authorization: `Bearer ${token}` },
        body: { github_url: 'https://github.com/acme/docs', include: ['docs/**', 'x\u0000y'] },
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('body/include[1] must not contain NUL characters');
    });

    it('should refuse a body over 1 MB with 413 and the error shape', async () => {
      const res = await send(env.url, 'POST', '/admin/api/apps/onboard', {
        from: freshAddress(),
        headers: { cookie },
        body: { description: 'x'.repeat(1024 * 1024 + 1) },
      });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        error: 'Request body too large (limit 1048576 bytes)',
        code: 'PAYLOAD_TOO_LARGE',
      });
      expect(res.headers).toMatchObject(SECURITY_HEADERS);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
    });

    it('should refuse malformed JSON with 400', async () => {
      const res = await send(env.url, 'POST', '/admin/api/login', {
        from: freshAddress(),
        body: '{"username": ',
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'Malformed JSON body', code: 'VALIDATION_FAILED' });
    });

    it('should refuse a body that is not JSON with 415', async () => {
      const res = await send(env.url, 'POST', '/admin/api/login', {
        from: freshAddress(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=admin&password=admin-password',
      });
      expect(res.status).toBe(415);
      expect(res.body).toEqual({
        error: 'Content-Type must be application/json',
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });
});
