import { AppError, ErrorCode } from '@lib/contracts';

/** v1's page sizes; any other `limit` falls back to the default instead of failing (v1 behaviour). */
export const PAGE_SIZES: readonly number[] = [5, 10, 20, 50, 100];
export const DEFAULT_LIMIT = 20;

export type SortOrder = 'asc' | 'desc';

export interface ListQuery<S extends string> {
  page: number;
  limit: number;
  sort_by: S;
  sort_order: SortOrder;
  /** Trimmed; null when absent or blank. */
  search: string | null;
}

export interface ListQuerySpec<S extends string> {
  sortFields: readonly S[];
  defaultSort: S;
  defaultOrder: SortOrder;
}

export interface Page<T> {
  data: T[];
  pagination: { page: number; limit: number; total: number; total_pages: number };
}

function invalid(message: string): AppError {
  return new AppError(ErrorCode.ValidationFailed, message);
}

/** A repeated parameter (`?page=1&page=2`) arrives as an array: refused where it is an error, else ignored. */
function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The offending value, as given, for the error message (bounded: it is echoed back). */
function shown(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 100 ? `${s.slice(0, 100)}…` : s;
}

/** `page`: decimal digits only, ≥ 1 and a safe integer (default 1); anything else is a 400 `Invalid page: X`. */
export function parsePage(raw: unknown): number {
  if (raw === undefined) {
    return 1;
  }
  const p = single(raw);
  if (p === undefined || !/^\d+$/.test(p) || !Number.isSafeInteger(Number(p)) || Number(p) < 1) {
    throw invalid(`Invalid page: ${shown(raw)}`);
  }
  return Number(p);
}

/** `limit`: one of PAGE_SIZES, anything else the default (v1). */
export function parseLimit(raw: unknown): number {
  const l = single(raw);
  return l !== undefined && /^\d+$/.test(l) && PAGE_SIZES.includes(Number(l)) ? Number(l) : DEFAULT_LIMIT;
}

/**
 * Admin list parameters as v1 (reference §3.2): `page` ≥ 1 (default 1; anything else is a 400, where v1's schema
 * also refused it), `limit` one of PAGE_SIZES (else 20), `sort_by` from a whitelist (else 400
 * `Invalid sort_by: X`; empty means the default), `sort_order` asc|desc in any case (else the default), `search`
 * trimmed.
 */
export function parseListQuery<S extends string>(
  raw: Record<string, unknown>,
  spec: ListQuerySpec<S>,
): ListQuery<S> {
  const page = parsePage(raw.page);
  const limit = parseLimit(raw.limit);

  let sortBy = spec.defaultSort;
  if (raw.sort_by !== undefined && raw.sort_by !== '') {
    const s = single(raw.sort_by);
    if (s === undefined || !(spec.sortFields as readonly string[]).includes(s)) {
      throw invalid(`Invalid sort_by: ${shown(raw.sort_by)}`);
    }
    sortBy = s as S;
  }

  const o = single(raw.sort_order)?.toLowerCase();
  const sortOrder: SortOrder = o === 'asc' || o === 'desc' ? o : spec.defaultOrder;

  if (raw.search !== undefined && single(raw.search) === undefined) {
    throw invalid('Invalid search: give it once, as text');
  }
  const search = single(raw.search)?.trim() || null;

  return { page, limit, sort_by: sortBy, sort_order: sortOrder, search };
}

/** `{data, pagination}` as v1's admin lists; `total_pages` is 1 for an empty list. */
export function toPage<T>(data: T[], total: number, q: { page: number; limit: number }): Page<T> {
  return {
    data,
    pagination: {
      page: q.page,
      limit: q.limit,
      total,
      total_pages: total === 0 ? 1 : Math.ceil(total / q.limit),
    },
  };
}
