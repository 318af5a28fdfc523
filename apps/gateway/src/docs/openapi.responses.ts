import { ErrorCode } from '@lib/contracts';
import { HeaderObject, Reference, ref, ResponseObject, SchemaOrRef } from './openapi.types';

export interface ErrorExample {
  code: ErrorCode;
  error: string;
  details?: string[];
}

/** An error response with named examples (each one body the route really answers). */
export function errorResponse(description: string, examples: Record<string, ErrorExample>): ResponseObject {
  return {
    description,
    content: {
      'application/json': {
        schema: ref('schemas', 'Error'),
        examples: Object.fromEntries(
          Object.entries(examples).map(([name, e]) => [
            name,
            { value: { error: e.error, code: e.code, ...(e.details ? { details: e.details } : {}) } },
          ]),
        ),
      },
    },
  };
}

/** A 400 VALIDATION_FAILED carrying `details`, as the validation pipe and the id pipes answer. */
export function validationExample(...details: string[]): ErrorExample {
  return { code: ErrorCode.ValidationFailed, error: details.join(', '), details };
}

const RATE_LIMIT_HEADERS: Record<string, Reference> = {
  'x-ratelimit-limit': ref('headers', 'RateLimitLimit'),
  'x-ratelimit-remaining': ref('headers', 'RateLimitRemaining'),
  'x-ratelimit-reset': ref('headers', 'RateLimitReset'),
};

/** A success answer of a rate-limited route (every route but `/health*` and `/version`). */
export function limitedOk(description: string, schema?: SchemaOrRef, example?: unknown): ResponseObject {
  return {
    description,
    headers: RATE_LIMIT_HEADERS,
    ...(schema
      ? { content: { 'application/json': example === undefined ? { schema } : { schema, example } } }
      : {}),
  };
}

export const RESPONSE_HEADERS: Record<string, HeaderObject> = {
  RateLimitLimit: {
    description:
      'Requests allowed per one-minute window (per client address, and per token when one is sent).',
    schema: { type: 'integer' },
    example: 100,
  },
  RateLimitRemaining: {
    description: 'Requests left in the current window (the tighter of the address and token buckets).',
    schema: { type: 'integer' },
    example: 99,
  },
  RateLimitReset: {
    description: 'Seconds until the current window ends.',
    schema: { type: 'integer' },
    example: 42,
  },
  RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer' }, example: 42 },
};

/** Answers every route can give for the same reasons (shared, so each operation lists them by reference). */
export const SHARED_RESPONSES: Record<string, ResponseObject> = {
  Unauthorized: errorResponse('Missing, malformed or unknown bearer token.', {
    missing: { code: ErrorCode.Unauthorized, error: 'Missing or invalid Authorization header' },
    invalid: { code: ErrorCode.Unauthorized, error: 'Invalid token' },
  }),
  AdminUnauthorized: errorResponse('No valid admin session cookie.', {
    noSession: { code: ErrorCode.Unauthorized, error: 'Not authenticated' },
  }),
  PayloadTooLarge: errorResponse('JSON body over 1 MB (refused before parsing).', {
    tooLarge: { code: ErrorCode.PayloadTooLarge, error: 'Request body too large (limit 1048576 bytes)' },
  }),
  UnsupportedMediaType: errorResponse('A body that is not `application/json`.', {
    notJson: { code: ErrorCode.UnsupportedMediaType, error: 'Content-Type must be application/json' },
  }),
  TooManyRequests: {
    ...errorResponse('Rate limit exceeded (`RATE_LIMIT_PER_MINUTE` per client address and per token).', {
      limited: { code: ErrorCode.RateLimited, error: 'Rate limit exceeded, retry in 1 minute' },
    }),
    headers: { ...RATE_LIMIT_HEADERS, 'retry-after': ref('headers', 'RetryAfter') },
  },
  InternalError: errorResponse('Unexpected failure; the message never carries internals.', {
    internal: { code: ErrorCode.Internal, error: 'Internal server error' },
  }),
  ServiceUnavailable: errorResponse('The registry did not answer in time; safe to retry.', {
    unavailable: {
      code: ErrorCode.ServiceUnavailable,
      error: 'Service temporarily unavailable, please retry',
    },
  }),
  AdminServiceUnavailable: errorResponse(
    'Admin authentication is not configured, or the registry did not answer in time.',
    {
      notConfigured: {
        code: ErrorCode.AdminNotConfigured,
        error:
          'Admin authentication not configured: set ADMIN_USERNAME, ADMIN_PASSWORD and ADMIN_SESSION_SECRET',
      },
      unavailable: {
        code: ErrorCode.ServiceUnavailable,
        error: 'Service temporarily unavailable, please retry',
      },
    },
  ),
};

/** `{status: ref}` for the shared responses named. */
export function shared(entries: Record<string, keyof typeof SHARED_RESPONSES>): Record<string, Reference> {
  return Object.fromEntries(
    Object.entries(entries).map(([status, name]) => [status, ref('responses', name)]),
  );
}

/** 400 of malformed JSON and NUL characters, which every JSON-body route shares with its own validation. */
export const MALFORMED_JSON: ErrorExample = {
  code: ErrorCode.ValidationFailed,
  error: 'Malformed JSON body',
};
