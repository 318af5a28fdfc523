import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { AppError, assertUnreachable, ErrorCode } from '@lib/contracts';
import type { Response } from 'express';

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return 400;
    case ErrorCode.Unauthorized:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
    case ErrorCode.RouteNotFound:
    case ErrorCode.RepositoryNotFound:
    case ErrorCode.InvalidGithubToken:
    case ErrorCode.GithubValidationFailed:
      return 404;
    case ErrorCode.RequestTimeout:
      return 408;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.HeadersTooLarge:
      return 431;
    case ErrorCode.Unprocessable:
    case ErrorCode.UnsafeUrl:
      return 422;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.AdminNotConfigured:
    case ErrorCode.ServiceUnavailable:
      return 503;
    case ErrorCode.Internal:
      return 500;
    default:
      return assertUnreachable(code);
  }
}

const HTTP_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.RouteNotFound,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
};

/** One error shape everywhere: {"error": message, "code": CODE[, "details": [...]]}; 5xx never leak internals. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toBody(exception);
    if (status >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    if (!res.headersSent) {
      res.status(status).json(body);
    }
  }

  private toBody(e: unknown): { status: number; body: Record<string, unknown> } {
    if (e instanceof AppError) {
      const status = statusOf(e.code);
      const message = status >= 500 && e.code === ErrorCode.Internal ? 'Internal server error' : e.message;
      return { status, body: { error: message, code: e.code, ...(e.details ? { details: e.details } : {}) } };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      if (status >= 500) {
        return { status, body: { error: 'Internal server error', code: ErrorCode.Internal } };
      }
      const code = HTTP_CODES[status] ?? ErrorCode.ValidationFailed;
      const r = e.getResponse();
      const message =
        typeof r === 'object' && r && 'message' in r && typeof r.message === 'string' ? r.message : e.message;
      return { status, body: { error: message, code } };
    }
    // body-parser errors carry a status (malformed JSON 400, too large 413) and a type; anything else is ours.
    const err = e as { status?: number; type?: string };
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      const message =
        err.type === 'entity.parse.failed'
          ? 'Malformed JSON body'
          : err.type === 'entity.too.large'
            ? 'Request body too large'
            : 'Bad request';
      return {
        status: err.status,
        body: { error: message, code: HTTP_CODES[err.status] ?? ErrorCode.ValidationFailed },
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { error: 'Internal server error', code: ErrorCode.Internal },
    };
  }
}
