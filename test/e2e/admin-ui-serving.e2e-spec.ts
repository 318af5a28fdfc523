import { ADMIN_UI_CSP, API_CSP } from '@lib/platform';
import { DocoraTestEnv } from '@lib/testing';
import { get } from 'node:http';
import { useEnvHooks } from './support/env-hooks';

/** A revalidation as a browser sends it (fetch() would add `Cache-Control: no-cache`, which forbids a 304). */
function conditionalGet(url: string, etag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'if-none-match': etag } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

/** How the gateway serves the admin web UI (the browser tests are admin-ui.e2e-spec.ts): plain HTTP here. */
describe('Admin web UI serving (e2e)', () => {
  let env: DocoraTestEnv;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single' });
    await env.adminLogin();
  }, 120_000);

  useEnvHooks(() => env);

  const assetPaths = async () => {
    const html = (await env.request('GET', '/admin')).body as string;
    return [...html.matchAll(/(?:src|href)="(\/admin\/assets\/[^"]+)"/g)].map((m) => m[1]);
  };

  it.each(['/admin', '/admin/', '/admin/apps/app_0', '/admin/no/such/page'])(
    'should answer %s with the page, uncached, under a CSP without inline code',
    async (path) => {
      const res = await env.request('GET', path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(ADMIN_UI_CSP);
      expect(ADMIN_UI_CSP).not.toContain('unsafe-inline');
      expect(res.body).toContain('<script type="module" src="/admin/assets/');
      expect(res.body).not.toMatch(/<script>|<style|\sstyle=|\son[a-z]+=/i);
    },
  );

  it('should serve the assets with their types, cached for good under the current version', async () => {
    const paths = await assetPaths();
    expect(paths).toHaveLength(2);
    for (const path of paths) {
      const res = await fetch(env.url + path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.headers.get('content-type')).toMatch(
        path.endsWith('.js') ? /^text\/javascript/ : /^text\/css/,
      );
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await conditionalGet(env.url + path, res.headers.get('etag')!)).toBe(304);
    }
    const module = paths.find((p) => p.endsWith('main.js'))!;
    const imported = await fetch(env.url + module.replace('main.js', 'pages/index.js'));
    expect(imported.status).toBe(200);
    const stale = await fetch(env.url + module.replace(/assets\/[^/]+\//, 'assets/0ld/'));
    expect([stale.status, stale.headers.get('cache-control')]).toEqual([200, 'no-cache']);
  });

  it.each([
    '/admin/api/no-such-route',
    '/admin/api',
    '/admin/assets/x/no-such-file.js',
    '/admin/assets/x/%2e%2e%2fadmin-ui.controller.js',
  ])('should answer %s with the API 404 shape, not the page', async (path) => {
    const res = await env.request('GET', path);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', error: expect.any(String) });
  });

  it('should leave the admin API as it was', async () => {
    const res = await env.request('GET', '/admin/api/session');
    expect([res.status, res.body]).toEqual([401, { error: 'Not authenticated', code: 'UNAUTHORIZED' }]);
    expect(res.headers.get('content-security-policy')).toBe(API_CSP);
    expect((await env.adminRequest('GET', '/admin/api/apps')).status).toBe(200);
  });
});
