import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { AppError, ErrorCode } from '@lib/contracts';
import { RATE_LIMIT_MESSAGE, setRateLimitHeaders } from '@lib/platform';
import type { Request, Response } from 'express';
import { AdminRequest, AdminSessionGuard } from './admin-session.guard';
import { AdminSessionService, readCookie, SESSION_COOKIE } from './admin-session.service';
import { LoginBody } from './login.dto';

/** v1 §3.1: login / logout / session (bodies without the {data} envelope, as v1). */
@Controller('admin/api')
export class AdminAuthController {
  constructor(private readonly sessions: AdminSessionService) {}

  @Post('login')
  @HttpCode(200)
  async login(
    @Req() req: Request,
    @Body() body: LoginBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ success: true }> {
    const attempt = await this.sessions.countLoginAttempt(req.ip);
    setRateLimitHeaders(res, attempt);
    if (attempt.limited) {
      throw new AppError(ErrorCode.RateLimited, RATE_LIMIT_MESSAGE);
    }
    if (!this.sessions.checkCredentials(body.username, body.password)) {
      throw new AppError(ErrorCode.Unauthorized, 'Invalid credentials');
    }
    await this.sessions.destroy(readCookie(req.headers.cookie, SESSION_COOKIE));
    res.setHeader('Set-Cookie', this.sessions.cookieHeader(await this.sessions.create(body.username)));
    return { success: true };
  }

  @Post('logout')
  @HttpCode(200)
  @UseGuards(AdminSessionGuard)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ success: true }> {
    await this.sessions.destroy(readCookie(req.headers.cookie, SESSION_COOKIE));
    res.setHeader('Set-Cookie', this.sessions.cookieHeader('', 0));
    return { success: true };
  }

  @Get('session')
  @UseGuards(AdminSessionGuard)
  session(@Req() req: AdminRequest): { authenticated: true; username: string } {
    return { authenticated: true, username: req.adminUser };
  }
}
