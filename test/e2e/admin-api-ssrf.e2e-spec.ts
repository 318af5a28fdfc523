import { DocoraTestEnv } from '@lib/testing';
import { randomBytes } from 'node:crypto';
import { useEnvHooks } from './support/env-hooks';

// Literal public addresses, so no DNS is needed offline (documentation ranges such as 192.0.2.0/24 are reserved).
const PUBLIC_URL = 'https://93.184.216.34/hooks';
const OTHER_PUBLIC_URL = 'https://1.1.1.1/docora';

/**
 * PATCH /admin/api/apps/:appId applies onboarding's SSRF policy to a new base_url. The main admin suite runs with
 * ALLOW_PRIVATE_URLS (its receivers listen on 127.0.0.1); this one runs with the production policy.
 */
describe('Admin API base_url policy (ALLOW_PRIVATE_URLS=false)', () => {
  let env: DocoraTestEnv;
  let appId: string;
  const patch = (base_url: string) => env.adminRequest('PATCH', `/admin/api/apps/${appId}`, { base_url });

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single', env: { ALLOW_PRIVATE_URLS: 'false' } });
    await env.adminLogin();
    const res = await env.adminRequest('POST', '/admin/api/apps/onboard', {
      base_url: PUBLIC_URL,
      app_name: 'Public app',
      email: 'dev@example.com',
      client_auth_key: randomBytes(24).toString('hex'),
    });
    expect(res.status).toBe(201);
    appId = res.body.data.app_id;
  }, 120_000);

  useEnvHooks(() => env);

  it.each([
    ['http://93.184.216.34/hooks', /^URL must use HTTPS$/],
    ['https://localhost/hooks', /^Localhost URLs are not allowed$/],
    ['https://127.0.0.1/hooks', /^Private IP addresses are not allowed/],
    ['https://10.0.0.8/hooks', /^Private IP addresses are not allowed/],
    ['https://169.254.169.254/latest/meta-data', /^Private IP addresses are not allowed/],
    ['https://[::1]/hooks', /^Private IP addresses are not allowed/],
    ['https://u:p@93.184.216.34/hooks', /^URL must not contain credentials$/],
  ])('should refuse base_url %s with 422 and keep the old one', async (url, reason) => {
    const res = await patch(url);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: expect.stringMatching(reason), code: 'UNSAFE_URL' });
    const detail = await env.adminRequest('GET', `/admin/api/apps/${appId}`);
    expect(detail.body.data.base_url).toBe(PUBLIC_URL);
  });

  it('should accept a public https base_url', async () => {
    const res = await patch(OTHER_PUBLIC_URL);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ app_id: appId, base_url: OTHER_PUBLIC_URL });
  });
});
