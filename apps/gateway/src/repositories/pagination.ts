import { parseLimit, parsePage } from '../admin/list-query';

export interface Page<T> {
  data: T[];
  pagination: { page: number; limit: number; total: number; total_pages: number };
}

/**
 * The public list takes the admin lists' `page` and `limit`, parsed the same way (v1 §3.2): `page` decimal ≥ 1 (else
 * 400 `Invalid page: X`), `limit` one of 5/10/20/50/100 (else 20).
 */
export function pageParams(query: { page?: unknown; limit?: unknown }): { page: number; limit: number } {
  return { page: parsePage(query.page), limit: parseLimit(query.limit) };
}

export function paginate<T>(all: T[], page: number, limit: number): Page<T> {
  return {
    data: all.slice((page - 1) * limit, page * limit),
    pagination: { page, limit, total: all.length, total_pages: Math.max(1, Math.ceil(all.length / limit)) },
  };
}
