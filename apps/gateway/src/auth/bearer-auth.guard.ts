import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '@lib/contracts';
import { AppsReader } from '@lib/database';
import { isBearerTokenFormat, tokenDigest } from '@lib/signing';
import type { Request } from 'express';

export interface AuthenticatedRequest extends Request {
  appId: string;
}

/** Bearer token → app, with one indexed lookup of the token's SHA-256 (v1 bcrypt-compared every app). */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly apps: AppsReader) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) {
      throw new AppError(ErrorCode.Unauthorized, 'Missing or invalid Authorization header');
    }
    const token = header.slice('Bearer '.length).trim();
    const app = isBearerTokenFormat(token) ? await this.apps.findByTokenDigest(tokenDigest(token)) : null;
    if (!app) {
      throw new AppError(ErrorCode.Unauthorized, 'Invalid token');
    }
    req.appId = app.app_id;
    return true;
  }
}
