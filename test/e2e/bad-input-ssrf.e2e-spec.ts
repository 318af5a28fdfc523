import { DocoraTestEnv } from '@lib/testing';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { expectError, unchanged } from './support/bad-input';
import { useEnvHooks } from './support/env-hooks';
import { rawRequest } from './support/raw-http';

const PUBLIC_URL = 'https://93.184.216.34/hooks'; // a public literal: accepted without DNS, never called
const PRIVATE = (host: string, category: string) =>
  `Private IP addresses are not allowed (${host} is ${category})`;

/**
 * The production SSRF policy (ALLOW_PRIVATE_URLS=false, SPEC §7) for `base_url` at onboarding and at PATCH, for the
 * address forms the other suites leave out (http-hardening covers onboarding's basic private ranges, numeric forms
 * and mapped loopback; admin-api-ssrf the basic ones at PATCH). Both routes get the whole table here: 422 with the
 * reason, and nothing stored or changed.
 */
describe('Bad input: base_url SSRF policy, onboarding and PATCH (e2e)', () => {
  let env: DocoraTestEnv;
  let cookie = '';
  let appId: string;

  const admin = (method: string, path: string, body: unknown) =>
    rawRequest(env.url, method, path, { headers: { cookie }, body });
  const onboard = (base_url: string) =>
    admin('POST', '/admin/api/apps/onboard', {
      base_url,
      app_name: 'SSRF probe',
      email: 'dev@example.com',
      client_auth_key: randomBytes(24).toString('hex'),
    });

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single', env: { ALLOW_PRIVATE_URLS: 'false' } });
    const login = await rawRequest(env.url, 'POST', '/admin/api/login', {
      body: { username: 'admin', password: 'admin-password' },
    });
    cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
    const res = await onboard(PUBLIC_URL);
    expect(res.status).toBe(201);
    appId = res.body.data.app_id;
  }, 120_000);

  useEnvHooks(() => env);

  const CASES: [string, string][] = [
    ['https://LOCALHOST/x', 'Localhost URLs are not allowed'],
    ['https://api.LocalHost/x', 'Localhost URLs are not allowed'],
    ['https://127.0.0.2/x', PRIVATE('127.0.0.2', 'loopback')],
    ['https://192.168.1.10/x', PRIVATE('192.168.1.10', 'private')],
    ['https://172.16.0.1/x', PRIVATE('172.16.0.1', 'private')],
    ['https://172.31.255.254/x', PRIVATE('172.31.255.254', 'private')],
    ['https://100.127.255.254/x', PRIVATE('100.127.255.254', 'carrier-grade NAT')],
    ['https://0.1.2.3/x', PRIVATE('0.1.2.3', 'unspecified')],
    ['https://224.0.0.1/x', PRIVATE('224.0.0.1', 'multicast')],
    ['https://239.255.255.250/x', PRIVATE('239.255.255.250', 'multicast')],
    ['https://255.255.255.255/x', PRIVATE('255.255.255.255', 'reserved')],
    ['https://198.18.0.1/x', PRIVATE('198.18.0.1', 'reserved')],
    ['https://[::]/x', PRIVATE('::', 'unspecified')],
    ['https://[::ffff:10.0.0.1]/x', PRIVATE('::ffff:a00:1', 'private')],
    ['https://[::ffff:169.254.169.254]/x', PRIVATE('::ffff:a9fe:a9fe', 'link-local')],
    ['https://[::ffff:100.64.0.1]/x', PRIVATE('::ffff:6440:1', 'carrier-grade NAT')],
    ['https://[::127.0.0.1]/x', PRIVATE('::7f00:1', 'loopback')],
    ['https://[fc00::1]/x', PRIVATE('fc00::1', 'unique-local')],
    ['https://[fdff:ffff::1]/x', PRIVATE('fdff:ffff::1', 'unique-local')],
    ['https://[febf::1]/x', PRIVATE('febf::1', 'link-local')],
    ['https://[ff02::1]/x', PRIVATE('ff02::1', 'multicast')],
    ['https://does-not-exist.invalid/x', 'Host name does-not-exist.invalid could not be resolved'],
    ['http://93.184.216.34/x', 'URL must use HTTPS'],
  ];

  it('should refuse a host name that resolves to a private address, at onboarding and at PATCH', async () => {
    const name = hostname();
    const reason = new RegExp(
      `^Host name resolves to a private IP address \\(${name} → [^ ]+ is [a-z -]+\\)$`,
    );
    expectError(await unchanged(env, () => onboard(`https://${name}/hooks`)), 422, {
      error: reason,
      code: 'UNSAFE_URL',
    });
    const patch = await unchanged(env, () =>
      admin('PATCH', `/admin/api/apps/${appId}`, { base_url: `https://${name}/hooks` }),
    );
    expectError(patch, 422, { error: reason, code: 'UNSAFE_URL' });
  });

  // The URL validator refuses a trailing-dot host name before the policy sees it (400, still nothing stored).
  it.each(['https://localhost./x', 'https://api.localhost./x'])(
    'base_url %s → 400 at onboarding and PATCH',
    async (url) => {
      const detail = 'body/base_url Must use HTTP or HTTPS';
      const expected = { error: detail, code: 'VALIDATION_FAILED', details: [detail] };
      expectError(await unchanged(env, () => onboard(url)), 400, expected);
      const patch = await unchanged(env, () => admin('PATCH', `/admin/api/apps/${appId}`, { base_url: url }));
      expectError(patch, 400, expected);
    },
  );

  it.each(CASES)('onboarding with base_url %s → 422, nothing stored', async (url, reason) => {
    expectError(await unchanged(env, () => onboard(url)), 422, { error: reason, code: 'UNSAFE_URL' });
  });

  it.each(CASES)('PATCH to base_url %s → 422, the app unchanged', async (url, reason) => {
    const res = await unchanged(env, () => admin('PATCH', `/admin/api/apps/${appId}`, { base_url: url }));
    expectError(res, 422, { error: reason, code: 'UNSAFE_URL' });
  });

  it('should not apply the other fields of a PATCH whose base_url is refused', async () => {
    const res = await unchanged(env, () =>
      admin('PATCH', `/admin/api/apps/${appId}`, {
        app_name: 'Renamed while refused',
        description: 'x',
        base_url: 'https://10.0.0.1/x',
      }),
    );
    expectError(res, 422, { error: PRIVATE('10.0.0.1', 'private'), code: 'UNSAFE_URL' });
    const detail = await admin('GET', `/admin/api/apps/${appId}`, undefined);
    expect(detail.body.data).toMatchObject({
      app_name: 'SSRF probe',
      base_url: PUBLIC_URL,
      description: null,
    });
  });
});
