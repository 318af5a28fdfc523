import { AppError, ErrorCode } from '@lib/contracts';
import { ListQuerySpec, parseListQuery, toPage } from './list-query';

type Sort = 'app_name' | 'created_at' | 'repository_count';
const SPEC: ListQuerySpec<Sort> = {
  sortFields: ['app_name', 'created_at', 'repository_count'],
  defaultSort: 'created_at',
  defaultOrder: 'desc',
};

function errorOf(raw: Record<string, unknown>): AppError {
  try {
    parseListQuery(raw, SPEC);
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected parseListQuery to throw');
}

describe('parseListQuery', () => {
  it('should apply the defaults to an empty query', () => {
    expect(parseListQuery({}, SPEC)).toEqual({
      page: 1,
      limit: 20,
      sort_by: 'created_at',
      sort_order: 'desc',
      search: null,
    });
  });

  it('should read every parameter when valid', () => {
    expect(
      parseListQuery(
        { page: '3', limit: '50', sort_by: 'app_name', sort_order: 'ASC', search: '  docs ' },
        SPEC,
      ),
    ).toEqual({ page: 3, limit: 50, sort_by: 'app_name', sort_order: 'asc', search: 'docs' });
  });

  it.each(['5', '10', '20', '50', '100'])('should accept limit %s', (limit) => {
    expect(parseListQuery({ limit }, SPEC).limit).toBe(Number(limit));
  });

  it.each(['0', '7', '25', '1000', '-5', 'abc', '10.0', '', ['5', '10']])(
    'should fall back to 20 for limit %p (v1)',
    (limit) => {
      expect(parseListQuery({ limit }, SPEC).limit).toBe(20);
    },
  );

  it.each(['0', '-1', '1.5', 'abc', '', ' 2', '1e3', '99999999999999999999'])(
    'should refuse page %p with a 400',
    (page) => {
      const e = errorOf({ page });
      expect(e).toBeInstanceOf(AppError);
      expect(e.code).toBe(ErrorCode.ValidationFailed);
      expect(e.message).toBe(`Invalid page: ${page}`);
    },
  );

  it('should refuse a repeated page', () => {
    expect(errorOf({ page: ['1', '2'] }).message).toBe('Invalid page: ["1","2"]');
  });

  it('should refuse an unknown sort_by with v1 message', () => {
    const e = errorOf({ sort_by: 'token_digest' });
    expect(e.code).toBe(ErrorCode.ValidationFailed);
    expect(e.message).toBe('Invalid sort_by: token_digest');
  });

  it('should bound the echoed value in the message', () => {
    expect(errorOf({ sort_by: 'x'.repeat(500) }).message).toBe(`Invalid sort_by: ${'x'.repeat(100)}…`);
  });

  it('should treat an empty sort_by as the default', () => {
    expect(parseListQuery({ sort_by: '' }, SPEC).sort_by).toBe('created_at');
  });

  it.each([
    ['asc', 'asc'],
    ['DESC', 'desc'],
    ['Asc', 'asc'],
    ['up', 'desc'],
    ['', 'desc'],
  ])('should read sort_order %p as %p', (sortOrder, expected) => {
    expect(parseListQuery({ sort_order: sortOrder }, SPEC).sort_order).toBe(expected);
  });

  it('should treat a blank search as no search', () => {
    expect(parseListQuery({ search: '   ' }, SPEC).search).toBeNull();
  });

  it('should keep LIKE wildcards as given (the reader escapes them)', () => {
    expect(parseListQuery({ search: ' 100%_\\ ' }, SPEC).search).toBe('100%_\\');
  });

  it('should refuse a repeated search', () => {
    expect(errorOf({ search: ['a', 'b'] }).code).toBe(ErrorCode.ValidationFailed);
  });
});

describe('toPage', () => {
  it('should count pages by rounding up', () => {
    expect(toPage([1, 2], 21, { page: 3, limit: 10 }).pagination).toEqual({
      page: 3,
      limit: 10,
      total: 21,
      total_pages: 3,
    });
  });

  it('should report one page for an empty list', () => {
    expect(toPage([], 0, { page: 1, limit: 20 })).toEqual({
      data: [],
      pagination: { page: 1, limit: 20, total: 0, total_pages: 1 },
    });
  });

  it('should report exact multiples without an extra page', () => {
    expect(toPage([], 40, { page: 1, limit: 20 }).pagination.total_pages).toBe(2);
  });
});
