import { DocoraTestEnv, OnboardedApp } from '@lib/testing';
import { expectError, unchanged } from './support/bad-input';
import { useEnvHooks } from './support/env-hooks';
import { rawExchange, rawRequest } from './support/raw-http';

const HEX24 = '0123456789abcdef01234567';
const BAD_REPOSITORY_ID = 'params/repository_id Invalid repository ID format';

/** Odd path segments, sent byte for byte (fetch would resolve `..` and `%2e%2e` before they left the client). */
const ODD_IDS: [string, string][] = [
  ['dot-dot', '..'],
  ['encoded traversal', '..%2f..%2fetc%2fpasswd'],
  ['fully encoded traversal', '%2e%2e%2f%2e%2e%2fetc'],
  ['encoded dot-dot', '%2e%2e'],
  ['encoded backslashes', '..%5c..%5cwindows'],
  ['NUL', '%00'],
  ['valid-looking id with NUL', `repo_${HEX24}%00`],
  ['valid-looking id with a newline', `repo_${HEX24}%0a`],
  ['upper case', `REPO_${HEX24.toUpperCase()}`],
  ['one digit short', `repo_${HEX24.slice(1)}`],
  ['5000 characters', 'a'.repeat(5000)],
  ['unicode', encodeURIComponent('répo_ü')],
  ['emoji', encodeURIComponent('😀')],
  ['SQL', encodeURIComponent("repo_' OR '1'='1")],
  ['spaces', 'repo_%20%20'],
];

/**
 * SPEC §7 on everything that is not a body: route parameters (path traversal, NUL, odd and huge ids), query
 * parameters (pagination, sorting, search) and the Authorization header. Every case is a 4xx in the error shape
 * with no state change; unusual but valid text (unicode, SQL-looking) is stored and found verbatim.
 */
describe('Bad input: route params, query params and credentials (e2e)', () => {
  let env: DocoraTestEnv;
  let app: OnboardedApp;
  let repositoryId: string;
  let cookie = '';

  const bearer = () => ({ authorization: `Bearer ${app.token}` });
  const admin = () => ({ cookie });
  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    rawRequest(env.url, method, path, { headers, body });
  const refused = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    unchanged(env, () => send(method, path, headers, body));

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single', env: { RESCAN_INTERVAL_MS: '3600000' } });
    await (await env.github.createRepo('acme/docs')).commit({ 'a.md': 'A\n' });
    await (await env.github.createRepo('acme/other')).commit({ 'b.md': 'B\n' });
    app = await env.onboardApp('Params app');
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/docs` });
    expect(res.status).toBe(201);
    repositoryId = res.body.repository_id;
    const login = await send(
      'POST',
      '/admin/api/login',
      {},
      { username: 'admin', password: 'admin-password' },
    );
    cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
  }, 120_000);

  useEnvHooks(() => env);

  describe('route parameters', () => {
    const repositoryRoutes = (id: string): [string, string, unknown?][] => [
      ['GET', `/api/repositories/${id}`],
      ['DELETE', `/api/repositories/${id}`],
      ['PATCH', `/api/repositories/${id}/token`, { github_token: 'ghp_' + 'a'.repeat(36) }],
      ['POST', `/api/repositories/${id}/sync`],
    ];
    const appRoutes = (id: string): [string, string, string, unknown?][] => [
      ['GET', `/admin/api/apps/${id}`, 'App not found'],
      ['DELETE', `/admin/api/apps/${id}`, 'App not found'],
      ['PATCH', `/admin/api/apps/${id}`, 'App not found', { app_name: 'Renamed' }],
      ['POST', `/admin/api/apps/${id}/token`, 'App not found'],
      ['POST', `/admin/api/retry/app/${id}`, 'No failed notifications for this app'],
      ['POST', `/admin/api/resync/app/${id}`, 'No repositories for this app'],
      ['GET', `/admin/api/retry/progress/${id}`, 'Operation not found or expired'],
      ['POST', `/admin/api/retry/cancel/${id}`, 'Operation not found or expired'],
    ];

    it.each(ODD_IDS)('a repository id (%s) → 400 on every repository route', async (_name, id) => {
      for (const [method, path, body] of repositoryRoutes(id)) {
        const res = await refused(method, path, bearer(), body);
        expectError(res, 400, {
          error: BAD_REPOSITORY_ID,
          code: 'VALIDATION_FAILED',
          details: [BAD_REPOSITORY_ID],
        });
      }
    });

    it.each(ODD_IDS)('an app or operation id (%s) → 404 on every admin route', async (_name, id) => {
      for (const [method, path, error, body] of appRoutes(id)) {
        expectError(await refused(method, path, admin(), body), 404, { error, code: 'NOT_FOUND' });
      }
    });

    it('a malformed percent-encoding → 400 on every route with a parameter', async () => {
      const id = '%E0%A4%A';
      const all = [...repositoryRoutes(id), ...appRoutes(id).map(([m, p, , b]) => [m, p, b] as const)];
      for (const [method, path, body] of all) {
        const headers = path.startsWith('/admin') ? admin() : bearer();
        const res = await refused(method, path, headers, body);
        expectError(res, 400, { error: `Failed to decode param '${id}'`, code: 'VALIDATION_FAILED' });
      }
    });

    it('an id longer than the request line allows → 431 in the error shape', async () => {
      // node:http would still be writing the request when the answer comes: send it in one piece instead.
      const res = await unchanged(env, () =>
        rawExchange(
          env.url,
          `GET /api/repositories/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n` +
            `Authorization: Bearer ${app.token}\r\nConnection: close\r\n\r\n`,
        ),
      );
      expectError(res, 431, { error: 'Request header fields too large', code: 'HEADERS_TOO_LARGE' });
    });

    it.each([
      ['GET', () => `/api/repositories/${repositoryId}/../../../admin/api/apps`],
      ['GET', () => `/api/repositories/${repositoryId}/..%2f..%2f..%2fadmin%2fapi%2fapps`],
      ['GET', () => '/api/repositories/../../admin/api/overview'],
      ['DELETE', () => `/api/repositories/${repositoryId}/..`],
      ['POST', () => `/api/repositories/${repositoryId}/sync/..`],
    ])('a traversal out of the public API (%s %s) reaches no other route → 404', async (method, path) => {
      const res = await refused(method, path(), { ...bearer(), ...admin() });
      expectError(res, 404, { code: 'ROUTE_NOT_FOUND' });
    });

    it('raw non-ASCII bytes in the request line → 400 in the error shape', async () => {
      const res = await rawExchange(
        env.url,
        Buffer.from(
          `GET /api/repositories/r\u00e9po HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
          'utf8',
        ),
      );
      expectError(res, 400, { error: 'Malformed HTTP request', code: 'VALIDATION_FAILED' });
    });
  });

  describe('pagination, sorting and search', () => {
    const badPages: [string, string][] = [
      ['0', '0'],
      ['-1', '-1'],
      ['abc', 'abc'],
      ['1.5', '1.5'],
      ['0x10', '0x10'],
      ['1e1', '1e1'],
      ['', ''],
      ['%201', ' 1'],
      ['9007199254740992', '9007199254740992'],
      ['1&page=2', '["1","2"]'],
    ];
    const lists = ['/api/repositories', '/admin/api/apps', '/admin/api/notifications/failed'];
    const headersFor = (path: string) => (path.startsWith('/admin') ? admin() : bearer());
    const list = (path: string, query: string) => refused('GET', `${path}?${query}`, headersFor(path));

    it.each(lists.flatMap((path) => badPages.map(([raw, shown]) => [path, raw, shown])))(
      '%s?page=%s → 400',
      async (path, raw, shown) => {
        expectError(await list(path, `page=${raw}`), 400, {
          error: `Invalid page: ${shown}`,
          code: 'VALIDATION_FAILED',
        });
      },
    );

    it.each(
      lists.flatMap((path) =>
        [
          'limit=abc',
          'limit=-5',
          'limit=1000',
          'limit=7',
          'limit=10&limit=20',
          'page[]=2',
          'colour=blue',
        ].map((q) => [path, q]),
      ),
    )('%s?%s is ignored (v1: an unknown limit is 20) → 200', async (path, query) => {
      const res = await list(path, query);
      expect(res.status).toBe(200);
      expect(res.body.data.pagination).toMatchObject({ page: 1, limit: 20 });
    });

    it.each([
      ['/admin/api/apps', 'sort_by=token_digest', 'Invalid sort_by: token_digest'],
      [
        '/admin/api/apps',
        'sort_by=app_name%3BDROP%20TABLE%20apps',
        'Invalid sort_by: app_name;DROP TABLE apps',
      ],
      ['/admin/api/apps', 'sort_by=app_name%20desc', 'Invalid sort_by: app_name desc'],
      ['/admin/api/apps', 'sort_by=APP_NAME', 'Invalid sort_by: APP_NAME'],
      [
        '/admin/api/apps',
        'sort_by=app_name&sort_by=created_at',
        'Invalid sort_by: ["app_name","created_at"]',
      ],
      ['/admin/api/notifications/failed', 'sort_by=1', 'Invalid sort_by: 1'],
      ['/admin/api/notifications/failed', 'sort_by=last_error', 'Invalid sort_by: last_error'],
      ['/admin/api/apps', 'search=a&search=b', 'Invalid search: give it once, as text'],
      ['/admin/api/notifications/failed', 'search=a&search=b', 'Invalid search: give it once, as text'],
      ['/admin/api/apps', 'search=%00', 'query/search must not contain NUL characters'],
      [
        '/admin/api/notifications/failed',
        'sort_order=%00',
        'query/sort_order must not contain NUL characters',
      ],
      ['/api/repositories', 'page=1%00', 'query/page must not contain NUL characters'],
    ])('%s?%s → 400', async (path, query, error) => {
      expectError(await list(path, query), 400, { error, code: 'VALIDATION_FAILED' });
    });

    it.each(['/admin/api/apps', '/admin/api/notifications/failed'])(
      '%s: an unknown sort_order falls back to the default (v1) → 200',
      async (path) => {
        expect((await list(path, 'sort_order=sideways')).status).toBe(200);
        expect((await list(path, 'sort_by=')).status).toBe(200);
      },
    );

    it.each([
      "' OR 1=1 --",
      "'; DROP TABLE apps; --",
      '%',
      '_',
      '\\',
      '😀',
      'x'.repeat(5000),
      '%E0%A4%A', // not percent-decodable: searched for literally
    ])('search %p is text, never SQL: no match, tables intact', async (search) => {
      for (const path of ['/admin/api/apps', '/admin/api/notifications/failed']) {
        const q = search === '%E0%A4%A' ? search : encodeURIComponent(search);
        const res = await list(path, `search=${q}`);
        expect([res.status, res.body.data.pagination.total]).toEqual([200, 0]);
      }
      expect((await env.query('SELECT count(*)::int AS n FROM apps'))[0]).toEqual({ n: 1 });
    });
  });

  describe('unusual but valid text', () => {
    it.each([
      "Robert'); DROP TABLE apps;--",
      '名前のアプリ 😀',
      'line\u2028separator and \u202Eright-to-left',
      '<script>alert(1)</script>',
      'e\u0301 (combining) 100%_\\',
    ])('an app named %p is stored and found verbatim', async (name) => {
      const res = await send('POST', '/admin/api/apps/onboard', admin(), {
        base_url: 'https://1.1.1.1/hooks',
        app_name: name,
        email: 'dev@example.com',
        client_auth_key: 'k'.repeat(32),
        description: `About ${name}`,
      });
      expect(res.status).toBe(201);
      const id = res.body.data.app_id;
      const detail = await send('GET', `/admin/api/apps/${id}`, admin());
      expect(detail.body.data).toMatchObject({ app_name: name, description: `About ${name}` });
      const found = await send('GET', `/admin/api/apps?search=${encodeURIComponent(name)}`, admin());
      expect(found.body.data.data.map((a: { app_id: string }) => a.app_id)).toEqual([id]);
      expect(await env.query('SELECT app_name FROM apps WHERE app_id = $1', [id])).toEqual([
        { app_name: name },
      ]);
      const deleted = await send('DELETE', `/admin/api/apps/${id}`, admin());
      expect(deleted.status).toBe(200);
    });

    it('include patterns in any script are kept verbatim', async () => {
      const include = ['docs/日本語/**', 'ü/*.md', "it's/**"];
      const res = await send('POST', '/api/repositories', bearer(), {
        github_url: `${env.github.url}/acme/other`,
        include,
      });
      expect([res.status, res.body.include]).toEqual([201, include]);
      const again = await send('DELETE', `/api/repositories/${res.body.repository_id}`, bearer());
      expect(again.status).toBe(204);
    });
  });

  describe('Authorization header', () => {
    const MISSING = 'Missing or invalid Authorization header';
    const INVALID = 'Invalid token';
    const cases: [string, () => Record<string, string>, string][] = [
      ['none', () => ({}), MISSING],
      ['empty', () => ({ authorization: '' }), MISSING],
      ['the scheme alone', () => ({ authorization: 'Bearer' }), MISSING],
      ['the scheme and a space', () => ({ authorization: 'Bearer ' }), MISSING],
      ['lower-case scheme', () => ({ authorization: `bearer ${app.token}` }), MISSING],
      ['a tab after the scheme', () => ({ authorization: `Bearer\t${app.token}` }), MISSING],
      [
        'Basic',
        () => ({ authorization: `Basic ${Buffer.from(`x:${app.token}`).toString('base64')}` }),
        MISSING,
      ],
      ['Token scheme', () => ({ authorization: `Token ${app.token}` }), MISSING],
      ['no scheme', () => ({ authorization: app.token }), MISSING],
      ['the admin cookie instead', () => ({ cookie }), MISSING],
      ['a token and more', () => ({ authorization: `Bearer ${app.token} extra` }), INVALID],
      ['two tokens', () => ({ authorization: `Bearer ${app.token}, Bearer ${app.token}` }), INVALID],
      ['one hex digit short', () => ({ authorization: `Bearer ${app.token.slice(0, -1)}` }), INVALID],
      ['one character more', () => ({ authorization: `Bearer ${app.token}0` }), INVALID],
      ['upper-case hex', () => ({ authorization: `Bearer ${app.token.toUpperCase()}` }), INVALID],
      ['a made-up token', () => ({ authorization: `Bearer docora_${'0'.repeat(64)}` }), INVALID],
      ['8000 characters', () => ({ authorization: `Bearer ${'x'.repeat(8000)}` }), INVALID],
      ['SQL', () => ({ authorization: "Bearer ' OR '1'='1" }), INVALID],
    ];

    it.each(cases)('%s → 401 on every public route, nothing changed', async (_name, headers, error) => {
      const routes: [string, string, unknown?][] = [
        ['POST', '/api/repositories', { github_url: `${env.github.url}/acme/other` }],
        ['GET', '/api/repositories'],
        ['GET', `/api/repositories/${repositoryId}`],
        ['DELETE', `/api/repositories/${repositoryId}`],
        ['PATCH', `/api/repositories/${repositoryId}/token`, { github_token: 'ghp_' + 'a'.repeat(36) }],
        ['POST', `/api/repositories/${repositoryId}/sync`],
      ];
      for (const [method, path, body] of routes) {
        expectError(await refused(method, path, headers(), body), 401, { error, code: 'UNAUTHORIZED' });
      }
    });

    it('should not take the token from the query string', async () => {
      const res = await refused('GET', `/api/repositories?access_token=${app.token}&token=${app.token}`, {});
      expectError(res, 401, { error: MISSING, code: 'UNAUTHORIZED' });
    });

    it('non-ASCII bytes in the token → 401; a NUL byte in the header → 400, both in the error shape', async () => {
      const request = (value: Buffer) =>
        Buffer.concat([
          Buffer.from(
            'GET /api/repositories HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer ',
          ),
          value,
          Buffer.from('\r\n\r\n'),
        ]);
      const latin = await rawExchange(env.url, request(Buffer.from([0xff, 0xfe, 0x41])));
      expectError(latin, 401, { error: INVALID, code: 'UNAUTHORIZED' });
      const nul = await rawExchange(env.url, request(Buffer.from(`${app.token}\0`)));
      expectError(nul, 400, { error: 'Malformed HTTP request', code: 'VALIDATION_FAILED' });
    });

    it.each([
      ['empty', 'sessionId='],
      ['no signature', 'sessionId=abc'],
      ['a forged signature', () => `${cookie.split('.')[0]}.forged`],
      ['a NUL', 'sessionId=%00'],
      ['a huge value', `sessionId=${'a'.repeat(8000)}.${'b'.repeat(43)}`],
    ] as [string, string | (() => string)][])(
      'an admin cookie that is %s → 401 and nothing onboarded',
      async (_name, value) => {
        const res = await refused(
          'POST',
          '/admin/api/apps/onboard',
          { cookie: typeof value === 'string' ? value : value() },
          {
            base_url: 'https://1.1.1.1/hooks',
            app_name: 'Nope',
            email: 'a@b.co',
            client_auth_key: 'k'.repeat(32),
          },
        );
        expectError(res, 401, { error: 'Not authenticated', code: 'UNAUTHORIZED' });
      },
    );
  });

  it('should have delivered nothing but the snapshot of the valid registrations', () => {
    const paths = app.receiver.received.map((h) => `${h.event} ${(h.body as any).file.path}`);
    expect(paths.every((p) => p === 'create a.md' || p === 'create b.md')).toBe(true);
  });
});
