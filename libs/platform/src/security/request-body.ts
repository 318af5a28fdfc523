import { AppError, ErrorCode } from '@lib/contracts';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';

/** Largest JSON body accepted (v1's 1 MB); beyond it 413 PAYLOAD_TOO_LARGE before anything is parsed. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
export const JSON_TYPES = ['application/json', 'application/*+json'];

/** The JSON APIs: other routes (e.g. inbound push hooks) may accept other body types. */
const JSON_ROUTES = /^\/(admin\/)?api(\/|$)/;

/** A body is present when there are bytes to read (`Content-Length: 0` is no body). */
export function hasBody(req: Pick<Request, 'headers'>): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/**
 * 415 UNSUPPORTED_MEDIA_TYPE for a body on the JSON APIs that is not declared JSON: without it the body is not
 * parsed and the client gets a misleading "field is required" validation error. Bodiless POSTs (sync, logout)
 * need no Content-Type.
 */
export function requireJsonContentType(): RequestHandler {
  return (req, _res, next) => {
    if (!JSON_ROUTES.test(req.path) || !hasBody(req) || req.is(JSON_TYPES)) {
      next();
      return;
    }
    next(new AppError(ErrorCode.UnsupportedMediaType, 'Content-Type must be application/json'));
  };
}

/** body-parser's failures as Docora errors (clear messages and codes instead of parser internals). */
export function translateBodyError(err: unknown, limitBytes = MAX_JSON_BODY_BYTES): unknown {
  switch ((err as { type?: unknown } | null)?.type) {
    case 'entity.too.large':
      return new AppError(ErrorCode.PayloadTooLarge, `Request body too large (limit ${limitBytes} bytes)`);
    case 'entity.parse.failed':
      return new AppError(ErrorCode.ValidationFailed, 'Malformed JSON body');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError(ErrorCode.UnsupportedMediaType, 'Unsupported body charset or encoding');
    default:
      return err;
  }
}

/** Registered right after the JSON parser; errors from anywhere else pass through unchanged. */
export function bodyErrorTranslator(limitBytes = MAX_JSON_BODY_BYTES): ErrorRequestHandler {
  return (err: unknown, _req, _res, next) => next(translateBodyError(err, limitBytes));
}

function child(path: string, key: string): string {
  const label = key.replace(/\0/g, '\\u0000');
  return path.endsWith('/') ? `${path}${label}` : `${path}.${label}`;
}

/**
 * The first string (or object key) containing U+0000, as a field path, or null. Iterative, so a deeply nested
 * body cannot overflow the stack.
 */
export function findNulField(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\0')) {
        return path;
      }
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push([v[i], `${path}[${i}]`]);
      }
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v).reverse()) {
        if (k.includes('\0')) {
          return child(path, k);
        }
        stack.push([x, child(path, k)]);
      }
    }
  }
  return null;
}

/**
 * 400 VALIDATION_FAILED when the JSON body or the query string carries a NUL character, before any handler sees
 * it: PostgreSQL cannot store U+0000 in text (v1 answered a 500 leaking the driver's message).
 */
export function rejectNulCharacters(): RequestHandler {
  return (req, _res, next) => {
    // A raw body (push hooks) is bytes, not JSON: walking it would visit every byte.
    const body = Buffer.isBuffer(req.body) ? null : findNulField(req.body, 'body/');
    const field = body ?? findNulField(req.query, 'query/');
    if (!field) {
      next();
      return;
    }
    const detail = `${field} must not contain NUL characters`;
    next(new AppError(ErrorCode.ValidationFailed, detail, [detail]));
  };
}
