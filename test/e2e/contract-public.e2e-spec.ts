import { DocoraTestEnv, OnboardedApp } from '@lib/testing';
import { expectError, unchanged } from './support/bad-input';
import { useEnvHooks } from './support/env-hooks';
import { rawRequest } from './support/raw-http';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const NOT_REGISTERED = 'Repository not found or not registered for this app';
const PRIVATE_TOKEN = 'ghp_' + 'p'.repeat(36);
const STRANGER_TOKEN = 'ghp_' + 's'.repeat(36); // known to GitHub, grants no private repository
const UNKNOWN_TOKEN = 'ghp_' + 'u'.repeat(36); // unknown to GitHub: 401 there

/**
 * The public API's documented answers (SPEC §2, v1 §2) that the other suites leave out: GitHub's three refusals at
 * registration and at token rotation, re-registration, the default branch, app isolation on every write, list
 * paging, /health, and 404 for unknown routes with or without credentials.
 * Covered elsewhere: flow (201 and webhooks), subscriptions (list/show/sync/token/unwatch), bad-input* (400/401),
 * http-hardening (headers, rate limits, /version), docs (/openapi.json, /docs).
 */
describe('Public API contract (e2e)', () => {
  let env: DocoraTestEnv;
  let app: OnboardedApp;
  let other: OnboardedApp;
  let cookie = '';

  const as = (a: OnboardedApp) => ({ authorization: `Bearer ${a.token}` });
  const call = (a: OnboardedApp | null, method: string, path: string, body?: unknown) =>
    rawRequest(env.url, method, path, { headers: a ? as(a) : {}, body });
  const gh = (name: string) => `${env.github.url}/${name}`;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single', env: { RESCAN_INTERVAL_MS: '3600000' } });
    await (await env.github.createRepo('acme/docs')).commit({ 'a.md': 'A\n' });
    await (
      await env.github.createRepo('acme/trunk-based', { defaultBranch: 'trunk' })
    ).commit({ 't.md': 'T\n' });
    await (
      await env.github.createRepo('acme/secret', { private: true, token: PRIVATE_TOKEN })
    ).commit({ 's.md': 'S\n' });
    await (await env.github.createRepo('acme/flaky')).commit({ 'f.md': 'F\n' });
    for (let i = 1; i <= 6; i++) {
      await (await env.github.createRepo(`acme/page-${i}`)).commit({ [`p${i}.md`]: `${i}\n` });
    }
    env.github.addToken(STRANGER_TOKEN);
    app = await env.onboardApp('Contract app');
    other = await env.onboardApp('Other app');
    const login = await rawRequest(env.url, 'POST', '/admin/api/login', {
      body: { username: 'admin', password: 'admin-password' },
    });
    cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
  }, 120_000);

  useEnvHooks(() => env);

  describe('GET /health, /health/live', () => {
    it('should answer v1’s body without a token', async () => {
      const res = await call(null, 'GET', '/health');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['timestamp', 'uptime']);
      expect(res.body.timestamp).toMatch(ISO);
      expect(res.body.uptime).toEqual(expect.any(Number));
      const live = await call(null, 'GET', '/health/live');
      expect([live.status, live.body]).toEqual([200, { status: 'ok' }]);
    });
  });

  describe('POST /api/repositories', () => {
    let docsId: string;

    it('should answer 201 with v1’s fields in v1’s order, then branch and filters', async () => {
      const res = await call(app, 'POST', '/api/repositories', { github_url: gh('acme/docs') });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual([
        'repository_id',
        'github_url',
        'owner',
        'name',
        'is_private',
        'created_at',
        'branch',
        'include',
        'exclude',
      ]);
      expect(res.body).toEqual({
        repository_id: expect.stringMatching(/^repo_[0-9a-f]{24}$/),
        github_url: gh('acme/docs'),
        owner: 'acme',
        name: 'docs',
        is_private: false,
        created_at: expect.stringMatching(ISO),
        branch: 'main',
        include: [],
        exclude: [],
      });
      docsId = res.body.repository_id;
    });

    it('should re-register in place: same id whatever the URL spelling, new filters applied', async () => {
      for (const url of [`${gh('ACME/Docs')}/`, `${gh('acme/docs')}.git`]) {
        const res = await call(app, 'POST', '/api/repositories', { github_url: url, include: ['**/*.md'] });
        expect([res.status, res.body.repository_id, res.body.github_url]).toEqual([
          201,
          docsId,
          gh('acme/docs'),
        ]);
        expect(res.body.include).toEqual(['**/*.md']);
      }
      const shown = await call(app, 'GET', `/api/repositories/${docsId}`);
      expect(shown.body.data).toMatchObject({ repository_id: docsId, include: ['**/*.md'], exclude: [] });
      const list = await call(app, 'GET', '/api/repositories');
      expect(list.body.data.pagination.total).toBe(1);
    });

    it("should watch the repository's default branch from GitHub when none is given", async () => {
      const res = await call(app, 'POST', '/api/repositories', { github_url: gh('acme/trunk-based') });
      expect([res.status, res.body.branch]).toEqual([201, 'trunk']);
    });

    it('should register a private repository with its token and report is_private', async () => {
      const res = await call(app, 'POST', '/api/repositories', {
        github_url: gh('acme/secret'),
        github_token: PRIVATE_TOKEN,
      });
      expect([res.status, res.body.is_private]).toEqual([201, true]);
    });

    it.each([
      [
        'an unknown repository',
        () => ({ github_url: gh('acme/nope') }),
        'Repository not found or not accessible',
        'REPOSITORY_NOT_FOUND',
      ],
      [
        'a private repository without a token',
        () => ({ github_url: gh('acme/secret') }),
        'Repository not found or not accessible',
        'REPOSITORY_NOT_FOUND',
      ],
      [
        'a private repository with a token that grants no access',
        () => ({ github_url: gh('acme/secret'), github_token: STRANGER_TOKEN }),
        'Repository not found or not accessible',
        'REPOSITORY_NOT_FOUND',
      ],
      [
        'a token GitHub does not know',
        () => ({ github_url: gh('acme/docs'), github_token: UNKNOWN_TOKEN }),
        'Invalid GitHub token',
        'INVALID_GITHUB_TOKEN',
      ],
      [
        'GitHub failing',
        () => ({ github_url: gh('acme/flaky') }),
        'Failed to validate repository',
        'GITHUB_VALIDATION_FAILED',
      ],
    ])('should answer 404 for %s (v1) and store nothing', async (_name, body, error, code) => {
      env.github.setUnavailable('acme/flaky', 500);
      try {
        const res = await unchanged(env, () => call(other, 'POST', '/api/repositories', body()));
        expectError(res, 404, { error, code });
      } finally {
        env.github.setUnavailable('acme/flaky', null);
      }
      expect((await call(other, 'GET', '/api/repositories')).body.data.data).toEqual([]);
    });
  });

  describe('PATCH /api/repositories/:repository_id/token', () => {
    const secretId = async () =>
      (
        await env.query<{ repository_id: string }>(
          `SELECT repository_id FROM repositories WHERE name = 'secret'`,
        )
      )[0].repository_id;

    it.each([
      ['a token without access to the repository', STRANGER_TOKEN, 'Repository not found or not accessible'],
      ['a token GitHub does not know', UNKNOWN_TOKEN, 'Invalid GitHub token'],
    ])('should answer 422 for %s and keep the stored token', async (_name, token, error) => {
      const res = await unchanged(env, async () =>
        call(app, 'PATCH', `/api/repositories/${await secretId()}/token`, { github_token: token }),
      );
      expectError(res, 422, { error, code: 'UNPROCESSABLE' });
    });

    it('should answer 422 when GitHub fails', async () => {
      const id = (await call(app, 'POST', '/api/repositories', { github_url: gh('acme/flaky') })).body
        .repository_id;
      env.github.setUnavailable('acme/flaky', 503);
      try {
        const res = await unchanged(env, () =>
          call(app, 'PATCH', `/api/repositories/${id}/token`, { github_token: STRANGER_TOKEN }),
        );
        expectError(res, 422, { error: 'Failed to validate repository', code: 'UNPROCESSABLE' });
      } finally {
        env.github.setUnavailable('acme/flaky', null);
      }
    });
  });

  describe("another app's subscription, or none", () => {
    it.each([
      ['GET', ''],
      ['DELETE', ''],
      ['PATCH', '/token'],
      ['POST', '/sync'],
    ])('%s …%s → 404 for an id the caller does not watch, and nothing changes', async (method, suffix) => {
      const theirs = (
        await env.query<{ repository_id: string }>(
          `SELECT repository_id FROM repositories WHERE name = 'docs'`,
        )
      )[0].repository_id;
      const body = method === 'PATCH' ? { github_token: STRANGER_TOKEN } : undefined;
      for (const id of [theirs, `repo_${'0'.repeat(24)}`]) {
        const res = await unchanged(env, () => call(other, method, `/api/repositories/${id}${suffix}`, body));
        expectError(res, 404, { error: NOT_REGISTERED, code: 'NOT_FOUND' });
      }
      expect((await call(app, 'GET', `/api/repositories/${theirs}`)).status).toBe(200);
    });
  });

  describe('GET /api/repositories paging', () => {
    it('should page the caller’s subscriptions in v1’s list envelope', async () => {
      for (let i = 1; i <= 6; i++) {
        expect(
          (await call(other, 'POST', '/api/repositories', { github_url: gh(`acme/page-${i}`) })).status,
        ).toBe(201);
      }
      const page = (q: string) => call(other, 'GET', `/api/repositories?${q}`);
      const one = await page('limit=5');
      expect(one.body.data.pagination).toEqual({ page: 1, limit: 5, total: 6, total_pages: 2 });
      const two = await page('limit=5&page=2');
      expect(two.body.data.pagination).toEqual({ page: 2, limit: 5, total: 6, total_pages: 2 });
      const names = [...one.body.data.data, ...two.body.data.data].map((s: { name: string }) => s.name);
      expect(names.sort()).toEqual(['page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
      const beyond = await page('limit=5&page=3');
      expect(beyond.body.data).toEqual({
        data: [],
        pagination: { page: 3, limit: 5, total: 6, total_pages: 2 },
      });
    });
  });

  describe('unknown routes', () => {
    const paths = [
      '/api/nope',
      '/api',
      '/api/repositories/repo_0123456789abcdef01234567/nope',
      '/api/apps/onboard', // v1 removed it; still no route
      '/admin/api/nope',
      '/admin/api/apps/app_0123456789abcdef01234567/nope',
      '/nope/deeper',
      '/.env',
      '/API/repositories', // routes are case-sensitive
      '/Admin/api/overview',
    ];
    const credentials: [string, () => Record<string, string>][] = [
      ['no credentials', () => ({})],
      ['a valid token', () => as(app)],
      ['an invalid token', () => ({ authorization: `Bearer docora_${'0'.repeat(64)}` })],
      ['an admin session', () => ({ cookie })],
    ];
    const table = ['GET', 'POST', 'DELETE'].flatMap((method) =>
      paths.flatMap((path) => credentials.map(([who, headers]) => [method, path, who, headers] as const)),
    );

    it.each(table)('%s %s with %s → 404 ROUTE_NOT_FOUND', async (method, path, _who, headers) => {
      const res = await unchanged(env, () =>
        rawRequest(env.url, method, path, { headers: headers(), body: method === 'POST' ? {} : undefined }),
      );
      expectError(res, 404, { error: `Cannot ${method} ${path}`, code: 'ROUTE_NOT_FOUND' });
    });

    it.each([
      ['PUT', '/api/repositories'],
      ['PATCH', '/api/repositories'],
      ['DELETE', '/api/repositories'],
      ['PUT', '/api/repositories/repo_0123456789abcdef01234567'],
      ['GET', '/api/repositories/repo_0123456789abcdef01234567/token'],
      ['GET', '/admin/api/apps/onboard/x'],
      ['PUT', '/admin/api/apps/app_0123456789abcdef01234567'],
    ])('an unsupported method %s %s → 404 ROUTE_NOT_FOUND', async (method, path) => {
      const res = await unchanged(env, () =>
        rawRequest(env.url, method, path, { headers: { ...as(app), cookie } }),
      );
      expectError(res, 404, { error: `Cannot ${method} ${path}`, code: 'ROUTE_NOT_FOUND' });
    });
  });
});
