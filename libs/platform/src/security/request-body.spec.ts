import { AppError, ErrorCode } from '@lib/contracts';
import type { NextFunction, Request, Response } from 'express';
import {
  findNulField,
  hasBody,
  MAX_BODY_DEPTH,
  nestedDeeperThan,
  rejectNulCharacters,
  rejectUnusableBodies,
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

  it('should say so when the body is valid JSON but not an object or array', () => {
    for (const body of ['null', ' "x"', '12', 'true']) {
      expect(translateBodyError({ type: 'entity.parse.failed', status: 400, body })).toEqual(
        new AppError(ErrorCode.ValidationFailed, 'Request body must be a JSON object'),
      );
    }
    expect(translateBodyError({ type: 'entity.parse.failed', status: 400, body: '{"a":' })).toEqual(
      new AppError(ErrorCode.ValidationFailed, 'Malformed JSON body'),
    );
  });

  it("should not pass on the parser's own message for other 4xx failures", () => {
    const zlib = Object.assign(new Error('incorrect header check'), { status: 400, expose: true });
    expect(translateBodyError(zlib)).toEqual(
      new AppError(ErrorCode.ValidationFailed, 'Malformed request body'),
    );
    expect((translateBodyError({ status: 415, message: 'x' }) as AppError).code).toBe(
      ErrorCode.UnsupportedMediaType,
    );
  });

  it('should pass any other error through unchanged', () => {
    const other = new AppError(ErrorCode.RateLimited, 'x');
    expect(translateBodyError(other)).toBe(other);
    expect(translateBodyError(null)).toBeNull();
    const internal = Object.assign(new Error('disk'), { status: 500 });
    expect(translateBodyError(internal)).toBe(internal);
  });
});

describe('nestedDeeperThan', () => {
  const nest = (depth: number): unknown => {
    let v: unknown = 'leaf';
    for (let i = 0; i < depth; i++) {
      v = i % 2 ? { k: v } : [v];
    }
    return v;
  };

  it.each([
    [0, false],
    [MAX_BODY_DEPTH, false],
    [MAX_BODY_DEPTH + 1, true],
    [200_000, true],
  ])('should measure %d levels → %s', (depth, expected) => {
    expect(nestedDeeperThan(nest(depth), MAX_BODY_DEPTH)).toBe(expected);
  });
});

describe('rejectUnusableBodies', () => {
  const run = (path: string, body: unknown) =>
    call(rejectUnusableBodies(), { path, body } as Partial<Request>) as AppError | undefined;

  it('should refuse a top-level array on the JSON APIs', () => {
    expect(run('/api/repositories', [])).toEqual(
      new AppError(ErrorCode.ValidationFailed, 'Request body must be a JSON object'),
    );
    expect(run('/admin/api/retry', [{}])?.code).toBe(ErrorCode.ValidationFailed);
    expect(run('/hooks/github', [])).toBeUndefined();
  });

  it('should refuse a body nested deeper than the limit anywhere', () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_BODY_DEPTH + 1; i++) {
      deep = [deep];
    }
    expect(run('/hooks/github', { a: deep })?.message).toBe(
      `Request body is nested too deeply (limit ${MAX_BODY_DEPTH})`,
    );
  });

  it('should pass objects, absent bodies and shallow nesting on', () => {
    expect(run('/api/repositories', { include: ['a'], x: { y: [1] } })).toBeUndefined();
    expect(run('/api/repositories', undefined)).toBeUndefined();
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
