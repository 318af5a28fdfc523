import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * SQL twin of `effectiveStatus(...) === failed` for a subscription aliased `s`: failed when the registry stored
 * `failed` (terminal until a retry) or while the git circuit of its repository branch is open. It must stay in
 * step with effectiveStatus (subscription-status.ts); admin.reader.int-spec.ts checks that both agree.
 */
export const EFFECTIVELY_FAILED_SQL = `(s.status = 'failed' OR EXISTS (
    SELECT 1 FROM repo_heads h
     WHERE h.repository_id = s.repository_id AND h.branch = s.branch AND h.circuit_open_until > now()))`;

/** `%term%` for ILIKE with the term's `\`, `%` and `_` matched literally (v1 let them act as wildcards). */
export function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/g, '\\$&')}%`;
}

export interface AdminOverviewCounts {
  total_apps: number;
  total_repositories: number;
  failed_notifications: number;
}

export const APP_SORT_FIELDS = [
  'app_name',
  'created_at',
  'repository_count',
  'failed_notification_count',
] as const;
export type AppSortField = (typeof APP_SORT_FIELDS)[number];

// Identifiers come from this map only, never from the request: the sort key is a whitelisted enum value.
// Names sort case-insensitively whatever the database collation (a C collation puts every capital first).
const APP_SORT_SQL: Record<AppSortField, string> = {
  app_name: 'lower(a.app_name)',
  created_at: 'a.created_at',
  repository_count: 'repository_count',
  failed_notification_count: 'failed_notification_count',
};

export interface AppListQuery {
  page: number;
  limit: number;
  sort_by: AppSortField;
  sort_order: 'asc' | 'desc';
  /** Trimmed, non-empty; matched as a literal substring. */
  search: string | null;
}

export interface AppSummaryRow {
  app_id: string;
  app_name: string;
  base_url: string;
  created_at: Date;
  repository_count: number;
  failed_notification_count: number;
}

export interface AppDetailRow {
  app_id: string;
  app_name: string;
  base_url: string;
  email: string;
  website: string | null;
  description: string | null;
  created_at: Date;
  delivery_count: number;
  snapshot_count: number;
  /** The notifier's endpoint_health and queue for the app (no endpoint_health row: healthy, not paused). */
  deliveries_paused: boolean;
  deliveries_paused_reason: 'admin' | 'gone' | null;
  deliveries_paused_at: Date | null;
  endpoint_consecutive_failures: number;
  endpoint_open_until: Date | null;
  queued_deliveries: number;
  /** Until when the replaced client_auth_key still signs; null when no grace period is running. */
  previous_key_expires_at: Date | null;
}

export interface RepositoryRow {
  repository_id: string;
  github_url: string;
  owner: string;
  name: string;
}

const SEARCH_SQL = `($1::text IS NULL OR a.app_name ILIKE $1 ESCAPE '\\' OR a.base_url ILIKE $1 ESCAPE '\\')`;

/** Read-only queries behind the admin dashboard, across the registry's, scanner's and notifier's tables. */
@Injectable()
export class AdminReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * `total_repositories` counts distinct repositories that at least one app watches. v1 counted links (one
   * repository watched by three apps counted three), which the "Monitored Repositories" card presented as
   * repositories.
   */
  async overview(): Promise<AdminOverviewCounts> {
    const [row] = await this.ds.query<AdminOverviewCounts[]>(
      `SELECT (SELECT count(*) FROM apps)::int AS total_apps,
              (SELECT count(DISTINCT repository_id) FROM subscriptions)::int AS total_repositories,
              (SELECT count(*) FROM subscriptions s WHERE ${EFFECTIVELY_FAILED_SQL})::int AS failed_notifications`,
    );
    return row;
  }

  async listApps(q: AppListQuery): Promise<{ rows: AppSummaryRow[]; total: number }> {
    const search = q.search ? likeContains(q.search) : null;
    const dir = q.sort_order === 'asc' ? 'ASC' : 'DESC';
    // app_id breaks ties so that pages neither repeat nor skip rows with equal sort keys.
    const [rows, [count]] = await Promise.all([
      this.ds.query<AppSummaryRow[]>(
        `WITH stats AS (
           SELECT s.app_id, count(*)::int AS repository_count,
                  (count(*) FILTER (WHERE ${EFFECTIVELY_FAILED_SQL}))::int AS failed_notification_count
             FROM subscriptions s GROUP BY s.app_id)
         SELECT a.app_id, a.app_name, a.base_url, a.created_at,
                COALESCE(st.repository_count, 0) AS repository_count,
                COALESCE(st.failed_notification_count, 0) AS failed_notification_count
           FROM apps a LEFT JOIN stats st ON st.app_id = a.app_id
          WHERE ${SEARCH_SQL}
          ORDER BY ${APP_SORT_SQL[q.sort_by]} ${dir}, a.app_id ${dir}
          LIMIT $2 OFFSET $3`,
        [search, q.limit, (q.page - 1) * q.limit],
      ),
      this.ds.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM apps a WHERE ${SEARCH_SQL}`, [
        search,
      ]),
    ]);
    return { rows, total: count.total };
  }

  /**
   * `delivery_count` counts the files the app holds (acknowledged_files, v1's app_delivered_files);
   * `snapshot_count` the watched branches the scanner has a listing of (v1: repository_snapshots rows);
   * `queued_deliveries` the deliveries waiting to be sent (pending); `previous_key_expires_at` only while the
   * replaced client_auth_key still signs (a past expiry is no grace period).
   */
  async appDetail(appId: string): Promise<AppDetailRow | null> {
    const rows = await this.ds.query<AppDetailRow[]>(
      `SELECT a.app_id, a.app_name, a.base_url, a.email, a.website, a.description, a.created_at,
              (SELECT count(*) FROM acknowledged_files f WHERE f.app_id = a.app_id)::int AS delivery_count,
              (SELECT count(*) FROM subscriptions s
                 JOIN repo_heads h ON h.repository_id = s.repository_id AND h.branch = s.branch
                WHERE s.app_id = a.app_id AND h.commit_sha IS NOT NULL)::int AS snapshot_count,
              COALESCE(e.paused, false) AS deliveries_paused, e.paused_reason AS deliveries_paused_reason,
              e.paused_at AS deliveries_paused_at, COALESCE(e.consecutive_failures, 0) AS endpoint_consecutive_failures,
              e.open_until AS endpoint_open_until,
              (SELECT count(*) FROM deliveries d WHERE d.app_id = a.app_id AND d.status = 'pending')::int AS queued_deliveries,
              CASE WHEN a.previous_key_expires_at > now() THEN a.previous_key_expires_at END AS previous_key_expires_at
         FROM apps a LEFT JOIN endpoint_health e ON e.app_id = a.app_id WHERE a.app_id = $1`,
      [appId],
    );
    return rows[0] ?? null;
  }

  async repositories(repositoryIds: string[]): Promise<RepositoryRow[]> {
    if (repositoryIds.length === 0) {
      return [];
    }
    return this.ds.query<RepositoryRow[]>(
      `SELECT repository_id, github_url, owner, name FROM repositories WHERE repository_id = ANY($1)`,
      [repositoryIds],
    );
  }
}
