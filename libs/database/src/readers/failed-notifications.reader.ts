import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EFFECTIVELY_FAILED_SQL, likeContains } from './admin.reader';

export const FAILED_SORT_FIELDS = ['app_name', 'repository_name', 'retry_count', 'last_scanned_at'] as const;
export type FailedSortField = (typeof FAILED_SORT_FIELDS)[number];

/**
 * Identifiers come from this map only, never from the request. `repository_name` sorts by the `owner/name` shown
 * (v1 sorted by the name alone); `last_scanned_at` keeps v1's parameter name for the dashboard's "Time" column,
 * which now shows the time of the failure, so it sorts by that.
 */
const FAILED_SORT_SQL: Record<FailedSortField, string> = {
  app_name: 'lower(f.app_name)',
  repository_name: "lower(f.owner || '/' || f.name)",
  retry_count: 'f.retry_count',
  last_scanned_at: 'f.failed_at',
};

export interface FailedListQuery {
  page: number;
  limit: number;
  sort_by: FailedSortField;
  sort_order: 'asc' | 'desc';
  /** Trimmed, non-empty; matched as a literal substring. */
  search: string | null;
}

export interface FailedNotificationRow {
  app_id: string;
  app_name: string;
  repository_id: string;
  owner: string;
  name: string;
  github_url: string;
  error_message: string;
  retry_count: number;
  failed_at: Date;
}

export interface SubscriptionKey {
  app_id: string;
  repository_id: string;
}

/**
 * One row per effectively failed subscription. `error_message` and `retry_count` follow effectiveStatus
 * (subscription-status.ts): the first pending delivery error, else the git error while git is failing, else the
 * registry's; the largest of the three counts. `failed_at` is when it failed: the registry stamps `updated_at`
 * when it stores `failed`; an open git circuit failed at `circuit_opened_at` (v1 showed the last good sync).
 */
const FAILED_ROWS_SQL = `
  SELECT s.app_id, a.app_name, s.repository_id, r.owner, r.name, r.github_url,
         COALESCE(p.pending_error, CASE WHEN h.consecutive_failures > 0 THEN h.last_error END, s.last_error,
                  'Unknown error') AS error_message,
         GREATEST(s.retry_count, COALESCE(p.max_attempts, 0), COALESCE(h.consecutive_failures, 0))::int AS retry_count,
         CASE WHEN s.status = 'failed' THEN s.updated_at ELSE COALESCE(h.circuit_opened_at, s.updated_at) END AS failed_at
    FROM subscriptions s
    JOIN apps a ON a.app_id = s.app_id
    JOIN repositories r ON r.repository_id = s.repository_id
    LEFT JOIN repo_heads h ON h.repository_id = s.repository_id AND h.branch = s.branch
    LEFT JOIN LATERAL (
      SELECT max(d.attempts) AS max_attempts,
             (array_agg(d.last_error ORDER BY d.seq) FILTER (WHERE d.last_error IS NOT NULL))[1] AS pending_error
        FROM deliveries d
       WHERE d.app_id = s.app_id AND d.repository_id = s.repository_id AND d.status IN ('pending', 'failed')
         AND NOT (d.status = 'failed' AND d.redelivery)
    ) p ON true
   WHERE ${EFFECTIVELY_FAILED_SQL}`;

const SEARCH_SQL = `($1::text IS NULL OR f.app_name ILIKE $1 ESCAPE '\\' OR f.owner ILIKE $1 ESCAPE '\\'
  OR f.name ILIKE $1 ESCAPE '\\' OR (f.owner || '/' || f.name) ILIKE $1 ESCAPE '\\'
  OR f.error_message ILIKE $1 ESCAPE '\\')`;

/** The admin's failed notifications, and the targets of bulk retries (registry, scanner and notifier facts). */
@Injectable()
export class FailedNotificationsReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(q: FailedListQuery): Promise<{ rows: FailedNotificationRow[]; total: number }> {
    const search = q.search ? likeContains(q.search) : null;
    const dir = q.sort_order === 'asc' ? 'ASC' : 'DESC';
    // The ids break ties so that pages neither repeat nor skip rows with equal sort keys.
    const [rows, [count]] = await Promise.all([
      this.ds.query<FailedNotificationRow[]>(
        `WITH f AS (${FAILED_ROWS_SQL})
         SELECT * FROM f WHERE ${SEARCH_SQL}
          ORDER BY ${FAILED_SORT_SQL[q.sort_by]} ${dir}, f.app_id ${dir}, f.repository_id ${dir}
          LIMIT $2 OFFSET $3`,
        [search, q.limit, (q.page - 1) * q.limit],
      ),
      this.ds.query<{ total: number }[]>(
        `WITH f AS (${FAILED_ROWS_SQL}) SELECT count(*)::int AS total FROM f WHERE ${SEARCH_SQL}`,
        [search],
      ),
    ]);
    return { rows, total: count.total };
  }

  /** Effectively failed subscriptions of one app, or of every app, in a stable order. */
  async failedSubscriptions(appId: string | null): Promise<SubscriptionKey[]> {
    return this.ds.query<SubscriptionKey[]>(
      `SELECT s.app_id, s.repository_id FROM subscriptions s
        WHERE ($1::text IS NULL OR s.app_id = $1) AND ${EFFECTIVELY_FAILED_SQL}
        ORDER BY s.app_id, s.created_at, s.repository_id`,
      [appId],
    );
  }
}
