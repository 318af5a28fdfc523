import { AppError, ErrorCode } from '@lib/contracts';
import type { NextFunction, Request, Response } from 'express';
import {
  findNulField,
  hasBody,
  rejectNulCharacters,
  requireJsonContentType,
  translateBodyError,
} from './request-body';

function call(handler: (req: Request, res: Response, next: NextFunction) => void, req: Partial<Request>) {
  let result: unknown = 'next not called';
  handler(req as Request, {} as Response, (err?: unknown) => (result = err));
  return result;
}

describe('findNulField', () => {
  it.each([
    [{ app_name: 'ok', email: 'a@b.c' }, null],
    [{ app_name: 'bad\u0000name' }, 'body/app_name'],
    [{ include: ['docs/**', 'x\u0000'] }, 'body/include[1]'],
    [{ a: { b: [{ c: '\u0000' }] } }, 'body/a.b[0].c'],
    [{ ['k\u0000']: 'v' }, 'body/k\\u0000'],
    [{ n: 1, t: true, z: null }, null],
    [['\u0000'], 'body/[0]'],
    [undefined, null],
  ])('should find %j at %p', (body, path) => {
    expect(findNulField(body, 'body/')).toBe(path);
  });

  it('should walk a very deeply nested body without overflowing the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 200_000; i++) {
      deep = [deep];
    }
    expect(findNulField(deep, 'body/')).toMatch(/\[0\]$/);
  });
});

describe('hasBody', () => {
  it.each([
    [{ 'content-length': '12' }, true],
    [{ 'transfer-encoding': 'chunked' }, true],
    [{ 'content-length': '0' }, false],
    [{}, false],
  ])('should answer %j → %s', (headers, expected) => {
    expect(hasBody({ headers } as Request)).toBe(expected);
  });
});

describe('requireJsonContentType', () => {
  const req = (path: string, headers: Record<string, string>, isJson: boolean) =>
    ({ path, headers, is: () => (isJson ? 'application/json' : false) }) as unknown as Request;

  it('should refuse a non-JSON body on the APIs with 415', () => {
    const err = call(requireJsonContentType(), req('/api/repositories', { 'content-length': '5' }, false));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.UnsupportedMediaType);
    expect(
      call(requireJsonContentType(), req('/admin/api/login', { 'content-length': '5' }, false)),
    ).toBeInstanceOf(AppError);
  });

  it('should accept JSON bodies, bodiless requests and other routes', () => {
    expect(
      call(requireJsonContentType(), req('/api/repositories', { 'content-length': '5' }, true)),
    ).toBeUndefined();
    expect(call(requireJsonContentType(), req('/api/repositories/r/sync', {}, false))).toBeUndefined();
    expect(
      call(requireJsonContentType(), req('/hooks/github', { 'content-length': '5' }, false)),
    ).toBeUndefined();
    expect(call(requireJsonContentType(), req('/apix', { 'content-length': '5' }, false))).toBeUndefined();
  });
});

describe('translateBodyError', () => {
  it('should map parser failures to Docora errors', () => {
    expect(translateBodyError({ type: 'entity.too.large', status: 413 }, 1024)).toEqual(
      new AppError(ErrorCode.PayloadTooLarge, 'Request body too large (limit 1024 bytes)'),
    );
    expect((translateBodyError({ type: 'entity.too.large' }) as AppError).code).toBe(
      ErrorCode.PayloadTooLarge,
    );
    expect((translateBodyError({ type: 'entity.parse.failed' }) as AppError).code).toBe(
      ErrorCode.ValidationFailed,
    );
    expect((translateBodyError({ type: 'charset.unsupported' }) as AppError).code).toBe(
      ErrorCode.UnsupportedMediaType,
    );
  });

  it('should pass any other error through unchanged', () => {
    const other = new AppError(ErrorCode.RateLimited, 'x');
    expect(translateBodyError(other)).toBe(other);
    expect(translateBodyError(null)).toBeNull();
  });
});

describe('rejectNulCharacters', () => {
  it('should refuse NUL in the body or the query with VALIDATION_FAILED naming the field', () => {
    const err = call(rejectNulCharacters(), { body: { app_name: 'a\u0000' }, query: {} }) as AppError;
    expect(err.code).toBe(ErrorCode.ValidationFailed);
    expect(err.message).toBe('body/app_name must not contain NUL characters');
    expect(err.details).toEqual(['body/app_name must not contain NUL characters']);
    const q = call(rejectNulCharacters(), { body: undefined, query: { status: 'x\u0000' } }) as AppError;
    expect(q.message).toBe('query/status must not contain NUL characters');
  });

  it('should pass clean requests on', () => {
    expect(call(rejectNulCharacters(), { body: { a: 'b' }, query: { c: 'd' } })).toBeUndefined();
  });

  it('should leave raw (push hook) bodies alone, NUL bytes included, but still check the query', () => {
    expect(call(rejectNulCharacters(), { body: Buffer.from([0x7b, 0, 0x7d]), query: {} })).toBeUndefined();
    const q = call(rejectNulCharacters(), { body: Buffer.from('{}'), query: { a: '\u0000' } }) as AppError;
    expect(q.message).toBe('query/a must not contain NUL characters');
  });
});
