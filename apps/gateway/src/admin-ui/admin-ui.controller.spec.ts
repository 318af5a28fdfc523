import { DocoraConfig } from '@lib/config';
import { ErrorCode } from '@lib/contracts';
import type { Request, Response } from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminUiBundle, indexHtml, loadAdminUi } from './admin-ui.assets';
import { AdminUiController } from './admin-ui.controller';

const config = { build: { version: '1.2.3' } } as DocoraConfig;

function fakeResponse() {
  const sent: { headers: Record<string, string>; type?: string; body?: unknown } = { headers: {} };
  const res = {
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      return res;
    },
    type(t: string) {
      sent.type = t;
      return res;
    },
    send(body: unknown) {
      sent.body = body;
      return res;
    },
  };
  return { res: res as unknown as Response, sent };
}

const req = (path: string) => ({ path, headers: {} }) as Request;

describe('loadAdminUi', () => {
  let dir: string;
  const write = (name: string, body: string) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'admin-ui-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should report an unbuilt UI as null', () => {
    write('styles.css', 'body {}');
    expect(loadAdminUi(dir)).toBeNull();
    expect(loadAdminUi(join(dir, 'missing'))).toBeNull();
  });

  it('should keep only the served kinds of file, by relative path, with a content version', () => {
    write('main.js', 'import "./pages/a.js";');
    write('pages/a.js', 'export {};');
    write('styles.css', 'body {}');
    write('.hidden.js', 'secret');
    write('notes.txt', 'no');
    write('main.js.map', '{}');
    const bundle = loadAdminUi(dir)!;
    expect([...bundle.assets.keys()].sort()).toEqual(['main.js', 'pages/a.js', 'styles.css']);
    expect(bundle.assets.get('main.js')!.contentType).toBe('text/javascript; charset=utf-8');
    expect(bundle.assets.get('styles.css')!.contentType).toBe('text/css; charset=utf-8');
    expect(bundle.version).toMatch(/^[0-9a-f]{12}$/);
    expect(loadAdminUi(dir)!.version).toBe(bundle.version);
    write('pages/a.js', 'export const changed = 1;');
    expect(loadAdminUi(dir)!.version).not.toBe(bundle.version);
  });
});

describe('indexHtml', () => {
  it('should reference the versioned assets only, with no inline code, and escape what it embeds', () => {
    const html = indexHtml('abc123', '1.0"<script>');
    expect(html).toContain('<script type="module" src="/admin/assets/abc123/main.js"></script>');
    expect(html).toContain('href="/admin/assets/abc123/styles.css"');
    expect(html).toContain('content="1.0&quot;&lt;script&gt;"');
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son[a-z]+=/i);
  });
});

describe(AdminUiController.name, () => {
  const bundle: AdminUiBundle = {
    version: 'v1',
    assets: new Map([['main.js', { body: Buffer.from('x'), contentType: 'text/javascript', etag: '"e"' }]]),
  };
  const controller = new AdminUiController(config, bundle);

  it('should answer client routes with the page, uncached', () => {
    const { res, sent } = fakeResponse();
    controller.clientRoute(req('/admin/apps/app_1'), res);
    expect(sent.type).toBe('html');
    expect(sent.headers['cache-control']).toBe('no-cache');
    expect(sent.body).toBe(indexHtml('v1', '1.2.3'));
  });

  it.each(['/admin/api/nope', '/admin/api', '/admin/assets/v1'])(
    'should not answer %s with the page',
    (path) => {
      expect(() => controller.clientRoute(req(path), fakeResponse().res)).toThrow(
        expect.objectContaining({ code: ErrorCode.RouteNotFound }),
      );
    },
  );

  it('should cache an asset for good under the current version only', () => {
    const current = fakeResponse();
    controller.asset(req('/admin/assets/v1/main.js'), current.res);
    expect(current.sent.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(current.sent.headers['content-type']).toBe('text/javascript');
    const old = fakeResponse();
    controller.asset(req('/admin/assets/v0/main.js'), old.res);
    expect(old.sent.headers['cache-control']).toBe('no-cache');
    expect(() => controller.asset(req('/admin/assets/v1/other.js'), fakeResponse().res)).toThrow(
      expect.objectContaining({ code: ErrorCode.RouteNotFound }),
    );
  });

  it('should answer 503 when the UI was not built', () => {
    const unbuilt = new AdminUiController(config, null);
    expect(() => unbuilt.index(fakeResponse().res)).toThrow(
      expect.objectContaining({ code: ErrorCode.ServiceUnavailable }),
    );
  });
});
