import { DocoraTestEnv, OnboardedApp } from '@lib/testing';
import { expectError, expectValidation, unchanged } from './support/bad-input';
import { useEnvHooks } from './support/env-hooks';
import { rawRequest, RawReply } from './support/raw-http';

const TOKEN = 'ghp_' + 'b'.repeat(36);
const PUBLIC_URL = 'https://1.1.1.1/hooks'; // a public literal: accepted without DNS, never called
const GH_URL_MESSAGE = 'Must be a valid GitHub repository URL (https://github.com/owner/repo)';
const GH_TOKEN_MESSAGE = 'Must be a valid GitHub token (starts with ghp_ or github_pat_)';
const ACTION_MESSAGE = 'app_id and repository_id are required';

type Route = 'register' | 'token' | 'onboard' | 'login' | 'retry' | 'resync' | 'patch';
const ROUTES: Route[] = ['register', 'token', 'onboard', 'login', 'retry', 'resync', 'patch'];

/**
 * SPEC §7 on every JSON body the gateway accepts, against the real processes: malformed JSON, bodies that are not
 * objects, wrong types, missing and unknown fields, oversized bodies and fields, NUL characters and bad content
 * types. Each is a 4xx in the error shape, and the registry's tables are the same before and after.
 * Unknown fields are refused (400 naming the field), not silently dropped as v1's zod schemas did: a misspelt
 * `github_tokn` or a `client_auth_key` sent to PATCH must not look accepted.
 */
describe('Bad input: request bodies (e2e)', () => {
  let env: DocoraTestEnv;
  let app: OnboardedApp;
  let other: OnboardedApp;
  let repositoryId: string;
  let cookie = '';

  /** Each route with headers and a body that would succeed (and change state) if the bad part got through. */
  const target = (route: Route) => {
    const bearer = { authorization: `Bearer ${app.token}` };
    const admin = { cookie };
    const ref = { app_id: app.app_id, repository_id: repositoryId };
    return {
      register: {
        method: 'POST',
        path: '/api/repositories',
        headers: bearer,
        valid: { github_url: `${env.github.url}/acme/other` },
      },
      token: {
        method: 'PATCH',
        path: `/api/repositories/${repositoryId}/token`,
        headers: bearer,
        valid: { github_token: TOKEN },
      },
      onboard: {
        method: 'POST',
        path: '/admin/api/apps/onboard',
        headers: admin,
        valid: {
          base_url: PUBLIC_URL,
          app_name: 'Would be onboarded',
          email: 'dev@example.com',
          client_auth_key: 'k'.repeat(32),
        },
      },
      login: {
        method: 'POST',
        path: '/admin/api/login',
        headers: {},
        valid: { username: 'admin', password: 'admin-password' },
      },
      retry: { method: 'POST', path: '/admin/api/retry', headers: admin, valid: ref },
      resync: { method: 'POST', path: '/admin/api/resync', headers: admin, valid: ref },
      patch: {
        method: 'PATCH',
        path: `/admin/api/apps/${app.app_id}`,
        headers: admin,
        valid: { app_name: 'Would be renamed' },
      },
    }[route];
  };

  /** Sends `body` (an object as JSON, a string as is with Content-Type: application/json unless overridden). */
  const send = (route: Route, body: unknown, headers: Record<string, string> = {}): Promise<RawReply> => {
    const t = target(route);
    const type: Record<string, string> =
      typeof body === 'string' ? { 'content-type': 'application/json' } : {};
    return rawRequest(env.url, t.method, t.path, { headers: { ...t.headers, ...type, ...headers }, body });
  };

  /** Refused with no state change; a refused login also sets no session cookie. */
  const refused = async (route: Route, body: unknown, headers: Record<string, string> = {}) => {
    const res = await unchanged(env, () => send(route, body, headers));
    expect(res.headers['set-cookie']).toBeUndefined();
    return res;
  };

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single', env: { RESCAN_INTERVAL_MS: '3600000' } });
    await (await env.github.createRepo('acme/docs')).commit({ 'a.md': 'A\n' });
    await (await env.github.createRepo('acme/other')).commit({ 'b.md': 'B\n' });
    env.github.addToken(TOKEN);
    app = await env.onboardApp('Bad input app');
    other = await env.onboardApp('Other app');
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/docs` });
    expect(res.status).toBe(201);
    repositoryId = res.body.repository_id;
    await app.receiver.waitFor((all) => all.length === 1, 30_000);
    const login = await rawRequest(env.url, 'POST', '/admin/api/login', {
      body: { username: 'admin', password: 'admin-password' },
    });
    cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
    expect(cookie).toMatch(/^sessionId=/);
  }, 120_000);

  useEnvHooks(() => env);

  describe('malformed JSON and bodies that are not objects', () => {
    const deep = (n: number) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;
    const cases: [string, string, string][] = [
      ['truncated', '{"github_url": ', 'Malformed JSON body'],
      ['single quotes', "{'github_url': 'x'}", 'Malformed JSON body'],
      ['trailing comma', '{"a": 1,}', 'Malformed JSON body'],
      ['trailing garbage', '{} {}', 'Malformed JSON body'],
      ['raw NUL byte in a string', '{"a": "x\u0000y"}', 'Malformed JSON body'],
      ['raw control character in a string', '{"a": "x\ny"}', 'Malformed JSON body'],
      ['an unquoted key', '{a: "x"}', 'Malformed JSON body'],
      ['null', 'null', 'Request body must be a JSON object'],
      ['a string', '"text"', 'Request body must be a JSON object'],
      ['a number', '42', 'Request body must be a JSON object'],
      ['a boolean', 'true', 'Request body must be a JSON object'],
      ['an empty array', '[]', 'Request body must be a JSON object'],
      ['an array of objects', '[{"github_url": "x"}]', 'Request body must be a JSON object'],
      ['33 levels of nesting', deep(32), 'Request body is nested too deeply (limit 32)'],
      ['5000 levels of nesting', deep(5000), 'Request body is nested too deeply (limit 32)'],
    ];
    const table = ROUTES.flatMap((route) => cases.map(([name, body, error]) => [route, name, body, error]));

    it.each(table)('%s: %s → 400', async (route, _name, body, error) => {
      expectError(await refused(route as Route, body), 400, { error, code: 'VALIDATION_FAILED' });
    });
  });

  describe('wrong types, missing fields, bad values and unknown fields', () => {
    const gh = () => `${env.github.url}/acme/other`;
    const cases: [Route, () => Record<string, unknown>, string[]][] = [
      ['register', () => ({}), ['body/github_url is required']],
      ['register', () => ({ github_url: 42 }), [`body/github_url ${GH_URL_MESSAGE}`]],
      ['register', () => ({ github_url: null }), [`body/github_url ${GH_URL_MESSAGE}`]],
      ['register', () => ({ github_url: [gh()] }), [`body/github_url ${GH_URL_MESSAGE}`]],
      ['register', () => ({ github_url: { href: gh() } }), [`body/github_url ${GH_URL_MESSAGE}`]],
      [
        'register',
        () => ({ github_url: 'x'.repeat(2049) }),
        ['body/github_url github_url must be shorter than or equal to 2048 characters'],
      ],
      [
        'register',
        () => ({ github_url: gh(), github_token: 123 }),
        [`body/github_token ${GH_TOKEN_MESSAGE}`],
      ],
      [
        'register',
        () => ({ github_url: gh(), github_token: 'nope' }),
        [`body/github_token ${GH_TOKEN_MESSAGE}`],
      ],
      ['register', () => ({ github_url: gh(), branch: 5 }), ['body/branch branch must be a string']],
      ['register', () => ({ github_url: gh(), branch: '' }), ['body/branch Invalid branch name']],
      ['register', () => ({ github_url: gh(), branch: 'a..b' }), ['body/branch Invalid branch name']],
      ['register', () => ({ github_url: gh(), branch: 'main lock' }), ['body/branch Invalid branch name']],
      [
        'register',
        () => ({ github_url: gh(), branch: 'b'.repeat(256) }),
        ['body/branch branch must be shorter than or equal to 255 characters'],
      ],
      [
        'register',
        () => ({ github_url: gh(), include: 'docs/**' }),
        ['body/include include must be an array'],
      ],
      [
        'register',
        () => ({ github_url: gh(), include: ['docs/**', 1] }),
        ['body/include each value in include must be a string'],
      ],
      [
        'register',
        () => ({ github_url: gh(), exclude: Array(101).fill('x') }),
        ['body/exclude exclude must contain no more than 100 elements'],
      ],
      [
        'register',
        () => ({ github_url: gh(), exclude: ['x'.repeat(1025)] }),
        ['body/exclude each value in exclude must be shorter than or equal to 1024 characters'],
      ],
      ['register', () => ({ github_url: gh(), include: ['../**'] }), ['body/include Invalid glob pattern']],
      ['register', () => ({ github_url: gh(), exclude: ['/etc/**'] }), ['body/exclude Invalid glob pattern']],
      [
        'register',
        () => ({ github_url: gh(), webhook: 'x' }),
        ['body/webhook property webhook should not exist'],
      ],
      [
        'register',
        () => ({ github_url: gh(), app_id: other.app_id }),
        ['body/app_id property app_id should not exist'],
      ],
      [
        'register',
        () => ({ github_url: 1, branch: 2 }),
        [`body/github_url ${GH_URL_MESSAGE}`, 'body/branch branch must be a string'],
      ],
      [
        'register',
        () => ({ github_url: 'https://github.com/acme/other' }),
        [`body/github_url ${GH_URL_MESSAGE}`],
      ],
      [
        'register',
        () => ({ github_url: `${gh()}'; DROP TABLE apps;--` }),
        [`body/github_url ${GH_URL_MESSAGE}`],
      ],
      [
        'register',
        () => ({ github_url: `${env.github.url}/ünï/cödé` }),
        [`body/github_url ${GH_URL_MESSAGE}`],
      ],
      [
        'register',
        () => ({ github_url: `${env.github.url}/acme/../etc` }),
        [`body/github_url ${GH_URL_MESSAGE}`],
      ],
      [
        'register',
        () => ({ github_url: `${env.github.url}/acme/%2e%2e` }),
        [`body/github_url ${GH_URL_MESSAGE}`],
      ],
      ['register', () => ({ github_url: `${gh()}?ref=x` }), [`body/github_url ${GH_URL_MESSAGE}`]],
      ['token', () => ({}), ['body/github_token is required']],
      ['token', () => ({ github_token: 1 }), [`body/github_token ${GH_TOKEN_MESSAGE}`]],
      ['token', () => ({ github_token: 'nope' }), [`body/github_token ${GH_TOKEN_MESSAGE}`]],
      [
        'token',
        () => ({ github_token: TOKEN, repository_id: 'repo_' + '0'.repeat(24) }),
        ['body/repository_id property repository_id should not exist'],
      ],
      [
        'onboard',
        () => ({}),
        [
          'body/base_url is required',
          'body/app_name is required',
          'body/email is required',
          'body/client_auth_key is required',
        ],
      ],
      [
        'onboard',
        () => ({ base_url: 1, app_name: 123, email: true, client_auth_key: [], website: 5, description: {} }),
        [
          'body/base_url base_url must be a string',
          'body/app_name app_name must be a string',
          'body/email email must be a string',
          'body/website website must be a string',
          'body/description description must be a string',
          'body/client_auth_key client_auth_key must be a string',
        ],
      ],
      ...(
        [
          [{ base_url: 'ftp://hooks.example.com' }, 'body/base_url Must use HTTP or HTTPS'],
          [{ base_url: 'not a url' }, 'body/base_url Must use HTTP or HTTPS'],
          [
            { base_url: `https://1.1.1.1/${'x'.repeat(2048)}` },
            'body/base_url base_url must be shorter than or equal to 2048 characters',
          ],
          [{ app_name: 'ab' }, 'body/app_name App name must be between 3 and 100 characters'],
          [{ app_name: 'x'.repeat(101) }, 'body/app_name App name must be between 3 and 100 characters'],
          [{ email: 'not-an-email' }, 'body/email Must be a valid email'],
          [
            { email: `${'a'.repeat(250)}@x.com` },
            'body/email email must be shorter than or equal to 255 characters',
          ],
          [
            { client_auth_key: 'short' },
            'body/client_auth_key Auth key must be between 16 and 500 characters',
          ],
          [
            { client_auth_key: 'k'.repeat(501) },
            'body/client_auth_key Auth key must be between 16 and 500 characters',
          ],
          [{ website: 'example.com' }, 'body/website Must be a valid URL'],
          [{ website: 'javascript:alert(1)' }, 'body/website Must be a valid URL'],
          [
            { description: 'd'.repeat(501) },
            'body/description description must be shorter than or equal to 500 characters',
          ],
          [{ token: 'docora_' + '0'.repeat(64) }, 'body/token property token should not exist'],
          [{ app_id: 'app_' + '0'.repeat(24) }, 'body/app_id property app_id should not exist'],
        ] as [Record<string, unknown>, string][]
      ).map(
        ([change, detail]) =>
          ['onboard', () => ({ ...target('onboard').valid, ...change }), [detail]] as [
            Route,
            () => Record<string, unknown>,
            string[],
          ],
      ),
      ['login', () => ({}), ['body/username is required', 'body/password is required']],
      [
        'login',
        () => ({ username: ['admin'], password: 1 }),
        ['body/username username must be a string', 'body/password password must be a string'],
      ],
      [
        'login',
        () => ({ username: '', password: '' }),
        ['body/username Username is required', 'body/password Password is required'],
      ],
      [
        'login',
        () => ({ username: 'admin', password: 'admin-password', remember: true }),
        ['body/remember property remember should not exist'],
      ],
      ['retry', () => ({}), ['body/app_id is required', 'body/repository_id is required']],
      [
        'retry',
        () => ({ app_id: 1, repository_id: null }),
        [`body/app_id ${ACTION_MESSAGE}`, `body/repository_id ${ACTION_MESSAGE}`],
      ],
      [
        'resync',
        () => ({ app_id: 'app_x', repository_id: "repo_' OR '1'='1" }),
        [`body/app_id ${ACTION_MESSAGE}`, `body/repository_id ${ACTION_MESSAGE}`],
      ],
      [
        'resync',
        () => ({ app_id: app.app_id, repository_id: repositoryId, force: true }),
        ['body/force property force should not exist'],
      ],
      ['patch', () => ({ app_name: 5 }), ['body/app_name app_name must be a string']],
      ['patch', () => ({ app_name: null }), ['body/app_name app_name must be a string']],
      ['patch', () => ({ base_url: null }), ['body/base_url base_url must be a string']],
      ['patch', () => ({ email: null }), ['body/email email must be a string']],
      ['patch', () => ({ website: 'nope' }), ['body/website Must be a valid URL']],
      [
        'patch',
        () => ({ token_digest: 'x'.repeat(64) }),
        ['body/token_digest property token_digest should not exist'],
      ],
      [
        'patch',
        () => ({ client_auth_key: 'k'.repeat(32) }),
        ['body/client_auth_key property client_auth_key should not exist'],
      ],
    ];

    it.each(cases.map(([route, body, details], i) => [i, route, body, details] as const))(
      '#%d %s → 400 naming the field',
      async (_i, route, body, details) => {
        const res = await refused(route, body());
        if (details.length === 1 && / Invalid glob pattern$/.test(details[0])) {
          // The message quotes the pattern; the details do not.
          expectError(res, 400, { code: 'VALIDATION_FAILED', details });
        } else {
          expectValidation(res, details);
        }
      },
    );
  });

  describe('sizes', () => {
    it.each(ROUTES)('%s: a body over 1 MiB → 413', async (route) => {
      const body = JSON.stringify({ ...target(route).valid, pad: 'x'.repeat(1024 * 1024) });
      expectError(await refused(route, body), 413, {
        error: 'Request body too large (limit 1048576 bytes)',
        code: 'PAYLOAD_TOO_LARGE',
      });
    });

    it('should read a body of exactly 1 MiB (and refuse its content with 400, not 413)', async () => {
      const head = JSON.stringify({ ...target('onboard').valid, description: '' });
      const body = head.replace(
        '"description":""',
        `"description":"${'d'.repeat(1024 * 1024 - head.length)}"`,
      );
      expect(Buffer.byteLength(body)).toBe(1024 * 1024);
      expectValidation(await refused('onboard', body), [
        'body/description description must be shorter than or equal to 500 characters',
      ]);
    });
  });

  describe('NUL characters', () => {
    const nul = 'x\u0000y';
    const cases: [Route, Record<string, unknown>, string][] = [
      ['register', { github_url: nul }, 'body/github_url'],
      ['register', { github_token: `ghp_${nul}` }, 'body/github_token'],
      ['register', { branch: nul }, 'body/branch'],
      ['register', { include: ['docs/**', nul] }, 'body/include[1]'],
      ['register', { exclude: [nul] }, 'body/exclude[0]'],
      ['register', { ['github\u0000url']: 'x' }, 'body/github\\u0000url'],
      ['token', { github_token: nul }, 'body/github_token'],
      ['onboard', { base_url: `${PUBLIC_URL}/${nul}` }, 'body/base_url'],
      ['onboard', { email: `dev${nul}@example.com` }, 'body/email'],
      ['onboard', { client_auth_key: `${'k'.repeat(20)}${nul}` }, 'body/client_auth_key'],
      ['onboard', { description: nul }, 'body/description'],
      ['onboard', { website: `https://example.com/${nul}` }, 'body/website'],
      ['login', { username: `admin${nul}` }, 'body/username'],
      ['login', { password: `admin-password${nul}` }, 'body/password'],
      ['retry', { app_id: `app_${nul}` }, 'body/app_id'],
      ['patch', { app_name: nul }, 'body/app_name'],
      ['patch', { description: { nested: [nul] } }, 'body/description.nested[0]'],
    ];

    it.each(cases)('%s %j → 400 naming %s', async (route, change, field) => {
      const res = await refused(route, { ...target(route).valid, ...change });
      const detail = `${field} must not contain NUL characters`;
      expectError(res, 400, { error: detail, code: 'VALIDATION_FAILED', details: [detail] });
    });
  });

  describe('content types and encodings', () => {
    const cases: [string, Record<string, string>, number, string, string][] = [
      [
        'text/plain',
        { 'content-type': 'text/plain' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Type must be application/json',
      ],
      [
        'a form',
        { 'content-type': 'application/x-www-form-urlencoded' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Type must be application/json',
      ],
      [
        'multipart',
        { 'content-type': 'multipart/form-data; boundary=x' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Type must be application/json',
      ],
      [
        'XML',
        { 'content-type': 'application/xml' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Type must be application/json',
      ],
      [
        'no Content-Type',
        { 'content-type': '' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Type must be application/json',
      ],
      [
        'JSON in latin1',
        { 'content-type': 'application/json; charset=latin1' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Unsupported body charset or encoding',
      ],
      [
        'an unknown encoding',
        { 'content-type': 'application/json', 'content-encoding': 'zip9' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Unsupported body charset or encoding',
      ],
      [
        'gzip that is not gzip',
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        400,
        'VALIDATION_FAILED',
        'Malformed request body',
      ],
      [
        'deflate that is not deflate',
        { 'content-type': 'application/json', 'content-encoding': 'deflate' },
        400,
        'VALIDATION_FAILED',
        'Malformed request body',
      ],
    ];
    const table = ROUTES.flatMap((route) => cases.map((c) => [route, ...c] as const));

    it.each(table)('%s: %s → %d', async (route, _name, headers, status, code, error) => {
      const body = JSON.stringify(target(route).valid);
      const res = await unchanged(env, () => {
        const t = target(route);
        const h: Record<string, string> = { ...t.headers, ...headers };
        if (h['content-type'] === '') {
          delete h['content-type'];
        }
        return rawRequest(env.url, t.method, t.path, { headers: h, body });
      });
      expectError(res, status, { error, code });
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });

  it('should have sent no webhook but the initial snapshot of the one valid registration', () => {
    // Every registration above was refused before anything was stored: nothing was scanned or delivered for them.
    expect(app.receiver.received.map((h) => `${h.event} ${(h.body as any).file.path}`)).toEqual([
      'create a.md',
    ]);
    expect(other.receiver.received).toEqual([]);
  });
});
