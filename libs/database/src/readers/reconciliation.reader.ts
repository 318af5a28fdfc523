import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Cross-owner read used by the diff app's level-triggered reconciliation (read-only). */
@Injectable()
export class ReconciliationReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Subscriptions whose branch head is not what their plan reflects (never planned, behind, other branch or filter). */
  subscriptionsBehind(limit: number): Promise<{ app_id: string; repository_id: string; branch: string }[]> {
    return this.ds.query(
      `SELECT s.app_id, s.repository_id, s.branch FROM subscriptions s
         JOIN repo_heads h ON h.repository_id = s.repository_id AND h.branch = s.branch AND h.commit_sha IS NOT NULL
         LEFT JOIN diff_cursors c ON c.app_id = s.app_id AND c.repository_id = s.repository_id
        WHERE c.app_id IS NULL OR c.planned_commit IS DISTINCT FROM h.commit_sha OR c.branch <> s.branch
           OR c.filter->'include' IS DISTINCT FROM s.include OR c.filter->'exclude' IS DISTINCT FROM s.exclude
        LIMIT $1`,
      [limit],
    );
  }
}
