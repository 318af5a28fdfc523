import { DocoraTestEnv } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';

/** href / src values of a page. */
function references(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]);
}

/** The public documentation on the real gateway process: no token, same-origin assets only (CSP 'self'). */
describe('API documentation (e2e)', () => {
  let env: DocoraTestEnv;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single' });
  }, 120_000);

  useEnvHooks(() => env);

  it('should serve the OpenAPI document as JSON without a token', async () => {
    const res = await env.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      openapi: '3.0.3',
      info: { title: 'Docora API', version: expect.any(String) },
    });
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/repositories',
        '/api/repositories/{repository_id}',
        '/health',
        '/version',
      ]),
    );
  });

  it('should not need a token even when a wrong one is sent', async () => {
    const headers = { authorization: 'Bearer not-a-token' };
    expect((await env.request('GET', '/openapi.json', undefined, headers)).status).toBe(200);
    expect((await env.request('GET', '/docs', undefined, headers)).status).toBe(200);
  });

  it.each(['/docs', '/docs/'])(
    'should serve Swagger UI at %s referencing only same-origin assets',
    async (path) => {
      const res = await env.request('GET', path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = res.body as string;
      expect(html).toContain('id="swagger-ui"');
      const refs = references(html);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) {
        // Same origin: a path on this host, never a scheme or a protocol-relative URL.
        expect(ref).toMatch(/^\/(?!\/)/);
      }
      expect(html).not.toMatch(/https?:\/\//);
    },
  );

  it('should serve every asset the page references, with its content type', async () => {
    const refs = references((await env.request('GET', '/docs')).body as string);
    const types: Record<string, RegExp> = {
      css: /^text\/css/,
      js: /^(application|text)\/javascript/,
      png: /^image\/png/,
    };
    for (const ref of refs) {
      const res = await fetch(env.url + ref);
      expect({ ref, status: res.status }).toEqual({ ref, status: 200 });
      const ext = ref.split('.').pop()!;
      expect(res.headers.get('content-type')).toMatch(types[ext]);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    const init = await (await fetch(`${env.url}/docs/docora-init.js`)).text();
    expect(init).toContain("'/openapi.json'");
  });

  it('should answer 404 in the error shape for files it does not serve', async () => {
    for (const path of [
      '/docs/package.json',
      '/docs/swagger-initializer.js',
      '/docs/%2e%2e%2fpackage.json',
    ]) {
      const res = await env.request('GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', error: expect.any(String) });
    }
  });
});
