import { Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GITEA, GITHUB, GITLAB, HookProvider } from './hook-providers';
import { HookAnswer, PushHooksService } from './push-hooks.service';

/**
 * `POST /hooks/{github,gitea,gitlab}`: no bearer token (the signature authenticates), raw bodies up to 5 MiB
 * (read by the platform's hook body parser) and their own per-address rate limit.
 */
@Controller('hooks')
export class PushHooksController {
  constructor(private readonly hooks: PushHooksService) {}

  @Post('github')
  github(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<HookAnswer['body']> {
    return this.receive(GITHUB, req, res);
  }

  @Post('gitea')
  gitea(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<HookAnswer['body']> {
    return this.receive(GITEA, req, res);
  }

  @Post('gitlab')
  gitlab(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<HookAnswer['body']> {
    return this.receive(GITLAB, req, res);
  }

  private async receive(provider: HookProvider, req: Request, res: Response): Promise<HookAnswer['body']> {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { status, body } = await this.hooks.receive(provider, req.headers, raw);
    res.status(status);
    return body;
  }
}
