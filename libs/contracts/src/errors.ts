/**
 * Domain errors carry a machine code; transports map codes to HTTP statuses (gateway) or retry decisions (workers).
 * They cross process boundaries (NATS request/reply), so they live in contracts and serialise to plain JSON.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  Conflict = 'CONFLICT',
  Unprocessable = 'UNPROCESSABLE',
  RepositoryNotFound = 'REPOSITORY_NOT_FOUND',
  InvalidGithubToken = 'INVALID_GITHUB_TOKEN',
  GithubValidationFailed = 'GITHUB_VALIDATION_FAILED',
  UnsafeUrl = 'UNSAFE_URL',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  HeadersTooLarge = 'HEADERS_TOO_LARGE',
  RequestTimeout = 'REQUEST_TIMEOUT',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited = 'RATE_LIMITED',
  AdminNotConfigured = 'ADMIN_NOT_CONFIGURED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
}

export interface SerializedAppError {
  code: ErrorCode;
  message: string;
  details?: string[];
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): SerializedAppError {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }

  static fromJSON(e: SerializedAppError): AppError {
    return new AppError(e.code, e.message, e.details);
  }
}

export function assertUnreachable(x: never): never {
  throw new Error(`Unreachable: ${String(x)}`);
}
