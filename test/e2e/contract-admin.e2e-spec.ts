import { DocoraTestEnv, OnboardedApp } from '@lib/testing';
import { createHash } from 'node:crypto';
import { expectError, unchanged } from './support/bad-input';
import { useEnvHooks } from './support/env-hooks';
import { rawRequest } from './support/raw-http';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const APP = 'app_0123456789abcdef01234567';
const REPO = 'repo_0123456789abcdef01234567';
const OPERATION = 'bulk_0123456789abcdef';
const CREDENTIALS = { username: 'admin', password: 'admin-password' };
const NOT_CONFIGURED = {
  error: 'Admin authentication not configured: set ADMIN_USERNAME, ADMIN_PASSWORD and ADMIN_SESSION_SECRET',
  code: 'ADMIN_NOT_CONFIGURED',
};

/** Every admin route behind the session (SPEC §3 routes that exist today), with a body that would be valid. */
const ROUTES: [string, string, unknown?][] = [
  ['POST', '/admin/api/logout'],
  ['GET', '/admin/api/session'],
  [
    'POST',
    '/admin/api/apps/onboard',
    { base_url: 'https://1.1.1.1/h', app_name: 'Nope', email: 'a@b.co', client_auth_key: 'k'.repeat(32) },
  ],
  ['GET', '/admin/api/apps'],
  ['GET', `/admin/api/apps/${APP}`],
  ['DELETE', `/admin/api/apps/${APP}`],
  ['PATCH', `/admin/api/apps/${APP}`, { app_name: 'Renamed' }],
  ['POST', `/admin/api/apps/${APP}/token`],
  ['GET', '/admin/api/overview'],
  ['GET', '/admin/api/queue'],
  ['GET', '/admin/api/notifications/failed'],
  ['POST', '/admin/api/retry', { app_id: APP, repository_id: REPO }],
  ['POST', '/admin/api/resync', { app_id: APP, repository_id: REPO }],
  ['POST', `/admin/api/retry/app/${APP}`],
  ['POST', `/admin/api/resync/app/${APP}`],
  ['POST', '/admin/api/retry/all'],
  ['GET', `/admin/api/retry/progress/${OPERATION}`],
  ['POST', `/admin/api/retry/cancel/${OPERATION}`],
];

/** Rows of one length: given fewer values than parameters, it.each passes jest's `done` as the last one. */
const GUARDED = ROUTES.map(([method, path, body]) => [method, path, body] as const);

const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String((res.headers['set-cookie'] as string[] | undefined)?.[0] ?? '');

/**
 * The admin API's documented answers (SPEC §3, v1 §3.1–3.2) that the other suites leave out: login, logout and
 * session with their cookie, onboarding's exact answer and what it stores, 401 on every guarded route (also for
 * an app's bearer token), resync of an unknown link, and 503 everywhere when the admin is not configured.
 * Covered elsewhere: admin-api (reads, token rotation, PATCH), admin-actions (retry, resync, delete),
 * admin-bulk (failed list, bulk operations), http-hardening (login rate limit), bad-input* (400s, 422s).
 */
describe('Admin API contract (e2e)', () => {
  let env: DocoraTestEnv;
  let app: OnboardedApp;

  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    rawRequest(env.url, method, path, { headers, body });
  const login = (body: unknown = CREDENTIALS, headers: Record<string, string> = {}) =>
    send('POST', '/admin/api/login', headers, body);

  beforeAll(async () => {
    // Several logins per test here; the login limit (5/min by default) has its own test in http-hardening.
    env = await DocoraTestEnv.start({ mode: 'single', env: { ADMIN_LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    app = await env.onboardApp('Contract app');
  }, 120_000);

  useEnvHooks(() => env);

  describe('POST /admin/api/login, GET /admin/api/session, POST /admin/api/logout', () => {
    it('should log in with v1’s body and an HttpOnly, SameSite=Strict cookie on /admin for an hour', async () => {
      const res = await login();
      expect([res.status, res.body]).toEqual([200, { success: true }]);
      expect(cookieOf(res)).toMatch(
        /^sessionId=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=3600$/,
      );
      const cookie = cookieOf(res).split(';')[0];
      const session = await send('GET', '/admin/api/session', { cookie });
      expect([session.status, session.body]).toEqual([200, { authenticated: true, username: 'admin' }]);
    });

    it('should issue a new session at every login and end the one it was sent with', async () => {
      const first = cookieOf(await login()).split(';')[0];
      const second = cookieOf(await login(CREDENTIALS, { cookie: first })).split(';')[0];
      expect(second).not.toBe(first);
      expect((await send('GET', '/admin/api/session', { cookie: second })).status).toBe(200);
      expectError(await send('GET', '/admin/api/session', { cookie: first }), 401, {
        error: 'Not authenticated',
        code: 'UNAUTHORIZED',
      });
    });

    it.each([
      ['a wrong password', { username: 'admin', password: 'admin-passwort' }],
      ['a wrong user name', { username: 'root', password: 'admin-password' }],
      ['both in the wrong case', { username: 'ADMIN', password: 'ADMIN-PASSWORD' }],
    ])('should refuse %s with 401 Invalid credentials and no cookie', async (_name, body) => {
      const res = await login(body);
      expectError(res, 401, { error: 'Invalid credentials', code: 'UNAUTHORIZED' });
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('should log out: 200, the cookie cleared, the session gone', async () => {
      const cookie = cookieOf(await login()).split(';')[0];
      const res = await send('POST', '/admin/api/logout', { cookie });
      expect([res.status, res.body]).toEqual([200, { success: true }]);
      expect(cookieOf(res)).toMatch(/^sessionId=; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=0$/);
      for (const [method, path] of [
        ['GET', '/admin/api/session'],
        ['POST', '/admin/api/logout'],
      ]) {
        expectError(await send(method, path, { cookie }), 401, {
          error: 'Not authenticated',
          code: 'UNAUTHORIZED',
        });
      }
    });
  });

  describe('POST /admin/api/apps/onboard', () => {
    it('should answer 201 {data:{app_id, token, created_at}} and store the token only as its SHA-256', async () => {
      const cookie = cookieOf(await login()).split(';')[0];
      const key = 'client-key-' + 'z'.repeat(24);
      const res = await send(
        'POST',
        '/admin/api/apps/onboard',
        { cookie },
        {
          base_url: 'https://1.1.1.1/hooks',
          app_name: 'Onboarded',
          email: 'dev@example.com',
          client_auth_key: key,
          website: 'https://example.com',
          description: 'An app',
        },
      );
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(['data']);
      expect(Object.keys(res.body.data)).toEqual(['app_id', 'token', 'created_at']);
      const { app_id, token, created_at } = res.body.data;
      expect(app_id).toMatch(/^app_[0-9a-f]{24}$/);
      expect(token).toMatch(/^docora_[0-9a-f]{64}$/);
      expect(created_at).toMatch(ISO);
      const [row] = await env.query<Record<string, unknown>>('SELECT * FROM apps WHERE app_id = $1', [
        app_id,
      ]);
      expect(row.token_digest).toBe(createHash('sha256').update(token).digest('hex'));
      expect((row.created_at as Date).toISOString()).toBe(created_at);
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(key);
      const detail = await send('GET', `/admin/api/apps/${app_id}`, { cookie });
      expect(JSON.stringify(detail.body)).not.toContain(key);
      expect((await send('GET', '/api/repositories', { authorization: `Bearer ${token}` })).status).toBe(200);
    });
  });

  describe('POST /admin/api/resync', () => {
    it('should answer 404 for a link that does not exist', async () => {
      const cookie = cookieOf(await login()).split(';')[0];
      for (const body of [
        { app_id: app.app_id, repository_id: REPO },
        { app_id: APP, repository_id: REPO },
      ]) {
        const res = await unchanged(env, () => send('POST', '/admin/api/resync', { cookie }, body));
        expectError(res, 404, { error: 'App-repository link not found', code: 'NOT_FOUND' });
      }
    });
  });

  describe('without a session', () => {
    it.each(GUARDED)('%s %s → 401 Not authenticated, nothing changed', async (method, path, body) => {
      const variants: Record<string, string>[] = [
        {},
        { cookie: 'sessionId=forged.signature' },
        { authorization: `Bearer ${app.token}` }, // an app's token never opens the admin API
      ];
      for (const headers of variants) {
        const res = await unchanged(env, () => send(method, path, headers, body));
        expectError(res, 401, { error: 'Not authenticated', code: 'UNAUTHORIZED' });
      }
    });
  });
});

describe('Admin API contract when the admin is not configured (e2e)', () => {
  let env: DocoraTestEnv;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: { ADMIN_USERNAME: '', ADMIN_PASSWORD: '', ADMIN_SESSION_SECRET: '' },
    });
  }, 120_000);

  useEnvHooks(() => env);

  it('should answer login with 503 ADMIN_NOT_CONFIGURED (v1 crashed with a 500)', async () => {
    const res = await rawRequest(env.url, 'POST', '/admin/api/login', { body: CREDENTIALS });
    expectError(res, 503, NOT_CONFIGURED);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it.each(GUARDED)(
    '%s %s → 503 ADMIN_NOT_CONFIGURED, with or without a cookie',
    async (method, path, body) => {
      const variants: Record<string, string>[] = [{}, { cookie: 'sessionId=any.thing' }];
      for (const headers of variants) {
        const res = await unchanged(env, () => rawRequest(env.url, method, path, { headers, body }));
        expectError(res, 503, NOT_CONFIGURED);
      }
    },
  );

  it('should keep the public API and health working', async () => {
    expect((await rawRequest(env.url, 'GET', '/health')).status).toBe(200);
    expectError(await rawRequest(env.url, 'GET', '/api/repositories'), 401, {
      error: 'Missing or invalid Authorization header',
      code: 'UNAUTHORIZED',
    });
  });
});
