import { AppError, ErrorCode } from '@lib/contracts';

export interface Page<T> {
  data: T[];
  pagination: { page: number; limit: number; total: number; total_pages: number };
}

const LIMITS = [5, 10, 20, 50, 100];

/** v1 list parameters: page ≥ 1; limit one of 5/10/20/50/100, anything else 20. */
export function pageParams(query: { page?: string; limit?: string }): { page: number; limit: number } {
  const page = query.page === undefined ? 1 : Number(query.page);
  if (!Number.isInteger(page) || page < 1) {
    throw new AppError(ErrorCode.ValidationFailed, 'querystring/page must be an integer >= 1', [
      'querystring/page must be an integer >= 1',
    ]);
  }
  const limit = Number(query.limit);
  return { page, limit: LIMITS.includes(limit) ? limit : 20 };
}

export function paginate<T>(all: T[], page: number, limit: number): Page<T> {
  return {
    data: all.slice((page - 1) * limit, page * limit),
    pagination: { page, limit, total: all.length, total_pages: Math.max(1, Math.ceil(all.length / limit)) },
  };
}
