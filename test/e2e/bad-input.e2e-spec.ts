import { expectError, expectValidation } from './support/bad-input';
import { BODY_ROUTES, BodyRoute, PUBLIC_URL, useBodyRoutesFixture } from './support/body-routes';

/**
 * SPEC §7 on every JSON body the gateway accepts (support/body-routes), against the real processes: malformed JSON,
 * bodies that are not objects, oversized bodies, NUL characters, bad content types and encodings. Each is a 4xx in
 * the error shape and the registry's tables are the same before and after. Fields: bad-input-fields.
 */
describe('Bad input: request bodies (e2e)', () => {
  const fx = useBodyRoutesFixture();

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
    const table = BODY_ROUTES.flatMap((route) =>
      cases.map(([name, body, error]) => [route, name, body, error]),
    );

    it.each(table)('%s: %s → 400', async (route, _name, body, error) => {
      expectError(await fx().refused(route as BodyRoute, body), 400, { error, code: 'VALIDATION_FAILED' });
    });
  });

  describe('sizes', () => {
    it.each(BODY_ROUTES)('%s: a body over 1 MiB → 413', async (route) => {
      const body = JSON.stringify({ ...fx().target(route).valid, pad: 'x'.repeat(1024 * 1024) });
      expectError(await fx().refused(route, body), 413, {
        error: 'Request body too large (limit 1048576 bytes)',
        code: 'PAYLOAD_TOO_LARGE',
      });
    });

    it('should read a body of exactly 1 MiB (and refuse its content with 400, not 413)', async () => {
      const head = JSON.stringify({ ...fx().target('onboard').valid, description: '' });
      const body = head.replace(
        '"description":""',
        `"description":"${'d'.repeat(1024 * 1024 - head.length)}"`,
      );
      expect(Buffer.byteLength(body)).toBe(1024 * 1024);
      expectValidation(await fx().refused('onboard', body), [
        'body/description description must be shorter than or equal to 500 characters',
      ]);
    });
  });

  describe('NUL characters', () => {
    const nul = 'x\u0000y';
    const cases: [BodyRoute, Record<string, unknown>, string][] = [
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
      const res = await fx().refused(route, { ...fx().target(route).valid, ...change });
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
    const table = BODY_ROUTES.flatMap((route) => cases.map((c) => [route, ...c] as const));

    it.each(table)('%s: %s → %d', async (route, _name, headers, status, code, error) => {
      const res = await fx().refused(route, JSON.stringify(fx().target(route).valid), headers);
      expectError(res, status, { error, code });
    });
  });

  it('should have sent no webhook but the initial snapshot of the one valid registration', () => {
    fx().expectNoOtherWebhook();
  });
});
