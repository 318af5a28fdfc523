import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SubscriptionFacts } from './subscription-status';

/** Skipped files read per subscription (before its filters apply; the view shows at most SKIPPED_SHOWN). */
const SKIPPED_LISTED = 1000;

const FACTS_SQL = `
  SELECT s.app_id, s.repository_id, s.branch, s.include, s.exclude, r.github_url, r.owner, r.name, s.status AS stored_status,
         s.retry_count AS stored_retry_count, s.last_error AS stored_last_error, s.created_at,
         h.commit_sha AS head_commit, h.checked_at, COALESCE(h.consecutive_failures, 0) AS git_failures,
         h.circuit_open_until, h.last_error AS git_error,
         c.planned_commit,
         COALESCE(p.pending, 0)::int AS pending_deliveries, COALESCE(p.max_attempts, 0)::int AS max_pending_attempts,
         p.pending_error, ld.last_delivered_at, ld.last_delivered_commit, sk.skipped_files
    FROM subscriptions s
    JOIN repositories r ON r.repository_id = s.repository_id
    LEFT JOIN repo_heads h ON h.repository_id = s.repository_id AND h.branch = s.branch
    LEFT JOIN diff_cursors c ON c.app_id = s.app_id AND c.repository_id = s.repository_id
    LEFT JOIN LATERAL (
      SELECT count(*) AS pending, max(d.attempts) AS max_attempts,
             (array_agg(d.last_error ORDER BY d.seq) FILTER (WHERE d.last_error IS NOT NULL))[1] AS pending_error
        FROM deliveries d WHERE d.app_id = s.app_id AND d.repository_id = s.repository_id AND d.status IN ('pending', 'failed')
         AND NOT (d.status = 'failed' AND d.redelivery) -- a copy that failed changes nothing the app holds
    ) p ON true
    LEFT JOIN LATERAL (
      SELECT d.delivered_at AS last_delivered_at, d.commit_sha AS last_delivered_commit
        FROM deliveries d WHERE d.app_id = s.app_id AND d.repository_id = s.repository_id AND d.status = 'delivered'
       ORDER BY d.seq DESC LIMIT 1
    ) ld ON true
    LEFT JOIN LATERAL (
      SELECT COALESCE(json_agg(json_build_object('path', k.path, 'size', k.size, 'reason', k.reason) ORDER BY k.path), '[]')
             AS skipped_files
        FROM (SELECT path, size, reason FROM repo_skipped_files k
               WHERE k.repository_id = s.repository_id AND k.branch = s.branch ORDER BY path LIMIT ${SKIPPED_LISTED}) k
    ) sk ON true`;

/** Read-only join of registry, scanner, diff and notifier facts about subscriptions (see effectiveStatus). */
@Injectable()
export class SubscriptionStatusReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async forApp(appId: string): Promise<SubscriptionFacts[]> {
    return this.normalise(
      await this.ds.query(`${FACTS_SQL} WHERE s.app_id = $1 ORDER BY s.created_at, s.repository_id`, [appId]),
    );
  }

  async one(appId: string, repositoryId: string): Promise<SubscriptionFacts | null> {
    const rows = this.normalise(
      await this.ds.query(`${FACTS_SQL} WHERE s.app_id = $1 AND s.repository_id = $2`, [appId, repositoryId]),
    );
    return rows[0] ?? null;
  }

  async all(): Promise<SubscriptionFacts[]> {
    return this.normalise(await this.ds.query(FACTS_SQL));
  }

  private normalise(rows: SubscriptionFacts[]): SubscriptionFacts[] {
    return rows.map((r) => ({ ...r, git_failures: Number(r.git_failures) }));
  }
}
