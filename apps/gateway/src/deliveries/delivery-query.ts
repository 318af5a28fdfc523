import {
  AppError,
  DELIVERY_FILTER_FIELDS,
  DELIVERY_STATUSES,
  DeliveryFilter,
  ErrorCode,
  readDeliveryFilter,
  REDELIVERABLE_STATUSES,
} from '@lib/contracts';
import { DEFAULT_LIMIT, PAGE_SIZES } from '../admin/list-query';

export interface DeliveryListQuery {
  filter: DeliveryFilter;
  page: number;
  limit: number;
}

export interface BulkRedeliveryBody {
  filter: DeliveryFilter;
  dry_run: boolean;
}

function invalid(problems: string[]): AppError {
  return new AppError(ErrorCode.ValidationFailed, problems.join(', '), problems);
}

function unknownKeys(raw: Record<string, unknown>, known: readonly string[], where: string): string[] {
  // A misspelt filter must not silently widen the result (or the redelivery) to everything.
  return Object.keys(raw)
    .filter((k) => !known.includes(k))
    .map((k) => `${where}/${k.length > 50 ? `${k.slice(0, 50)}…` : k} is not a known parameter`);
}

/**
 * GET /api/deliveries and /admin/api/deliveries: the filters (app_id for the admin only), `page` ≥ 1 and `limit`
 * one of PAGE_SIZES (anything else means 20), as the other lists. Every problem is reported at once, as a 400.
 */
export function parseDeliveryListQuery(raw: Record<string, unknown>, admin: boolean): DeliveryListQuery {
  const problems = unknownKeys(
    raw,
    ['page', 'limit', ...DELIVERY_FILTER_FIELDS.filter((f) => admin || f !== 'app_id')],
    'querystring',
  );
  const filter = readDeliveryFilter(
    raw,
    { where: 'querystring', appId: admin, statuses: DELIVERY_STATUSES },
    problems,
  );
  let page = 1;
  if (raw.page !== undefined) {
    const p = raw.page;
    if (typeof p !== 'string' || !/^\d{1,15}$/.test(p) || Number(p) < 1) {
      problems.push('querystring/page must be an integer >= 1');
    } else {
      page = Number(p);
    }
  }
  const l = raw.limit;
  const limit =
    typeof l === 'string' && /^\d+$/.test(l) && PAGE_SIZES.includes(Number(l)) ? Number(l) : DEFAULT_LIMIT;
  if (problems.length) {
    throw invalid(problems);
  }
  return { filter, page, limit };
}

export const BULK_FILTER_REQUIRED =
  'Give at least one filter (app_id, repository_id, status, event, since, until) or "all": true';

/**
 * POST /admin/api/deliveries/redeliver. `status` may only be delivered or failed (nothing else can be sent again).
 * An empty filter would mean every delivery ever made: it must be asked for with `"all": true`, which in turn
 * cannot be combined with filter fields (one of the two is a mistake). The dry run obeys the same rules, so it
 * previews exactly the request that follows it.
 */
export function parseBulkRedeliveryBody(raw: unknown): BulkRedeliveryBody {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(['body must be a JSON object']);
  }
  const body = raw as Record<string, unknown>;
  const problems = unknownKeys(body, [...DELIVERY_FILTER_FIELDS, 'dry_run', 'all'], 'body');
  const filter = readDeliveryFilter(
    body,
    { where: 'body', appId: true, statuses: REDELIVERABLE_STATUSES },
    problems,
  );
  for (const flag of ['dry_run', 'all'] as const) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean') {
      problems.push(`body/${flag} must be a boolean`);
    }
  }
  const given = DELIVERY_FILTER_FIELDS.some((f) => body[f] !== undefined && body[f] !== null);
  if (body.all === true && given) {
    problems.push('body/all "all": true cannot be combined with filter fields');
  } else if (body.all !== true && !given && problems.length === 0) {
    problems.push(BULK_FILTER_REQUIRED);
  }
  if (problems.length) {
    throw invalid(problems);
  }
  return { filter, dry_run: body.dry_run === true };
}
