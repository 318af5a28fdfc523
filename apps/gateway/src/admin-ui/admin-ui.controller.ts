import { Controller, Get, Inject, Logger, Req, Res } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { AppError, ErrorCode } from '@lib/contracts';
import type { Request, Response } from 'express';
import { AdminUiBundle, indexHtml, loadAdminUi } from './admin-ui.assets';

export const ADMIN_UI_BUNDLE = Symbol('ADMIN_UI_BUNDLE');

/** Versioned assets never change under their URL; a year is the conventional "for good". */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The admin web UI (SPEC §3): a single-page app under /admin. Its assets are public (v1 too); the data behind
 * them needs the admin session, which the page asks for through /admin/api/session.
 *
 * - GET /admin, /admin/ and /admin/<client route> → index.html (no-cache, so a deploy shows at the next load);
 * - GET /admin/assets/<version>/<file> → a built file, cached for good when <version> is the current one;
 * - GET /admin/api/<unknown> and /admin/assets/<unknown> → the API's 404 error shape, never the page.
 *
 * Registered after every admin API controller: its wildcard must not shadow them.
 */
@Controller('admin')
export class AdminUiController {
  private readonly html: string | null;

  constructor(
    @Inject(DOCORA_CONFIG) config: DocoraConfig,
    @Inject(ADMIN_UI_BUNDLE) private readonly bundle: AdminUiBundle | null,
  ) {
    this.html = bundle ? indexHtml(bundle.version, config.build.version) : null;
    if (!bundle) {
      new Logger('AdminUi').warn('admin UI not built (run npm run build): /admin answers 503');
    }
  }

  @Get()
  index(@Res() res: Response): void {
    this.sendIndex(res);
  }

  @Get('assets/:version/*file')
  asset(@Req() req: Request, @Res() res: Response): void {
    const bundle = this.built();
    const [, , , version, ...rest] = req.path.split('/'); // '', 'admin', 'assets', version, ...file
    const asset = bundle.assets.get(rest.join('/'));
    if (!asset) {
      throw new AppError(ErrorCode.RouteNotFound, `Cannot GET ${req.path}`);
    }
    // An old version is a page loaded before a deploy: it gets today's file, but not cached under the old URL.
    res.setHeader('Cache-Control', version === bundle.version ? IMMUTABLE : 'no-cache');
    res.setHeader('Content-Type', asset.contentType);
    res.setHeader('ETag', asset.etag); // Express answers a matching If-None-Match with 304
    res.send(asset.body);
  }

  @Get('*route')
  clientRoute(@Req() req: Request, @Res() res: Response): void {
    const first = req.path.split('/')[2];
    if (first === 'api' || first === 'assets') {
      throw new AppError(ErrorCode.RouteNotFound, `Cannot GET ${req.path}`);
    }
    this.sendIndex(res);
  }

  private built(): AdminUiBundle {
    if (!this.bundle) {
      throw new AppError(ErrorCode.ServiceUnavailable, 'Admin UI not built: run npm run build');
    }
    return this.bundle;
  }

  private sendIndex(res: Response): void {
    this.built();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(this.html);
  }
}

/** The bundle is read once per process, at module start (a few dozen small files). */
export const adminUiBundleProvider = {
  provide: ADMIN_UI_BUNDLE,
  useFactory: (): AdminUiBundle | null => loadAdminUi(),
};
