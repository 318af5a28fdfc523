import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '@lib/contracts';
import type { Request } from 'express';
import { AdminSessionService, readCookie, SESSION_COOKIE } from './admin-session.service';

export interface AdminRequest extends Request {
  adminUser: string;
}

@Injectable()
export class AdminSessionGuard implements CanActivate {
  constructor(private readonly sessions: AdminSessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    this.sessions.assertConfigured();
    const user = await this.sessions.resolve(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (!user) {
      throw new AppError(ErrorCode.Unauthorized, 'Not authenticated');
    }
    req.adminUser = user;
    return true;
  }
}
