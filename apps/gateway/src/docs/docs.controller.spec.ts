import { DocoraConfig } from '@lib/config';
import { AppError, ErrorCode } from '@lib/contracts';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INDEX_HTML, INIT_SCRIPT, INIT_SCRIPT_NAME, SWAGGER_UI_DIR, SWAGGER_UI_FILES } from './docs.assets';
import { DocsController } from './docs.controller';

const config = { build: { version: '1.2.3' } } as DocoraConfig;

/** The references (href / src) of the page, in order. */
function references(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
}

/** Just enough of an Express response to see what the controller sent. */
function fakeResponse() {
  const sent: { type?: string; body?: unknown; file?: string; root?: string } = {};
  const res = {
    headersSent: false,
    type(t: string) {
      sent.type = t;
      return res;
    },
    set() {
      return res;
    },
    send(body: unknown) {
      sent.body = body;
      return res;
    },
    sendFile(file: string, opts: { root: string }, done: (err?: Error) => void) {
      sent.file = file;
      sent.root = opts.root;
      done(existsSync(join(opts.root, file)) ? undefined : new Error('ENOENT'));
    },
  };
  return { res: res as unknown as Response, sent };
}

describe(DocsController.name, () => {
  const controller = new DocsController(config);

  describe('openapi', () => {
    it('should serve the document with the build version', () => {
      expect(controller.openapi()).toMatchObject({ openapi: '3.0.3', info: { version: '1.2.3' } });
    });
  });

  describe('index', () => {
    it('should reference only same-origin /docs/ files that are served and exist', () => {
      const refs = references(controller.index());
      expect(refs.length).toBeGreaterThanOrEqual(4);
      for (const ref of refs) {
        expect(ref).toMatch(/^\/docs\/[\w.-]+$/);
        const file = ref.slice('/docs/'.length);
        expect(file === INIT_SCRIPT_NAME || SWAGGER_UI_FILES.has(file)).toBe(true);
      }
      expect(refs).toContain(`/docs/${INIT_SCRIPT_NAME}`);
      expect(INDEX_HTML).not.toMatch(/<script>|<script [^>]*>[^<]/);
    });

    it("should load this server's /openapi.json without the validator badge", () => {
      expect(INIT_SCRIPT).toContain("url: '/openapi.json'");
      expect(INIT_SCRIPT).toContain('validatorUrl: null');
      expect(INIT_SCRIPT).not.toMatch(/https?:/);
    });
  });

  describe('asset', () => {
    it('should stream every whitelisted file from swagger-ui-dist', async () => {
      for (const file of SWAGGER_UI_FILES) {
        const { res, sent } = fakeResponse();
        await controller.asset(file, res);
        expect(sent).toMatchObject({ file, root: SWAGGER_UI_DIR });
      }
    });

    it('should serve its own init script and index.html', async () => {
      const init = fakeResponse();
      await controller.asset(INIT_SCRIPT_NAME, init.res);
      expect(init.sent).toEqual({ type: 'js', body: INIT_SCRIPT });
      const index = fakeResponse();
      await controller.asset('index.html', index.res);
      expect(index.sent).toEqual({ type: 'html', body: INDEX_HTML });
    });

    it.each(['swagger-initializer.js', 'package.json', '../package.json', '..', 'oauth2-redirect.html'])(
      'should answer 404 ROUTE_NOT_FOUND for %s without touching the disk',
      async (file) => {
        const { res, sent } = fakeResponse();
        const error = await controller.asset(file, res).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe(ErrorCode.RouteNotFound);
        expect(sent.file).toBeUndefined();
      },
    );
  });
});
