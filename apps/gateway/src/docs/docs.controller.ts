import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { AppError, ErrorCode } from '@lib/contracts';
import type { Response } from 'express';
import { INDEX_HTML, INIT_SCRIPT, INIT_SCRIPT_NAME, SWAGGER_UI_DIR, SWAGGER_UI_FILES } from './docs.assets';
import { buildOpenApiDocument } from './openapi.document';
import { OpenApiDocument } from './openapi.types';

/** swagger-ui-dist's files change only with its version: a day of caching spares the rate limit on reloads. */
const ASSET_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** GET /openapi.json and the Swagger UI at /docs: public (no guard), same-origin assets only. */
@Controller()
export class DocsController {
  private readonly document: OpenApiDocument;

  constructor(@Inject(DOCORA_CONFIG) config: DocoraConfig) {
    this.document = buildOpenApiDocument(config.build.version);
  }

  @Get('openapi.json')
  openapi(): OpenApiDocument {
    return this.document;
  }

  /** Also answers /docs/ (Express routing is not strict). */
  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  index(): string {
    return INDEX_HTML;
  }

  @Get('docs/:file')
  async asset(@Param('file') file: string, @Res() res: Response): Promise<void> {
    if (file === 'index.html') {
      res.type('html').set('Cache-Control', 'no-cache').send(INDEX_HTML);
      return;
    }
    if (file === INIT_SCRIPT_NAME) {
      res.type('js').set('Cache-Control', 'no-cache').send(INIT_SCRIPT);
      return;
    }
    if (!SWAGGER_UI_FILES.has(file)) {
      throw new AppError(ErrorCode.RouteNotFound, `Cannot GET /docs/${file}`);
    }
    await new Promise<void>((resolve, reject) =>
      res.sendFile(file, { root: SWAGGER_UI_DIR, maxAge: ASSET_MAX_AGE_MS, dotfiles: 'deny' }, (err) =>
        err ? reject(err) : resolve(),
      ),
    ).catch(() => {
      // A client that hung up mid-file needs no answer; an unreadable file of the package is a broken install.
      if (!res.headersSent) {
        throw new AppError(ErrorCode.Internal, `Cannot read ${file} from swagger-ui-dist`);
      }
    });
  }
}
