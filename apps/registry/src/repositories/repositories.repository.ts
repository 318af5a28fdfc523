import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RepositoryEntity, SubscriptionEntity, SubscriptionStatus } from '@lib/entities';
import { generateRepositoryId } from '@lib/signing';
import { DataSource, EntityManager } from 'typeorm';

export interface RepositoryUpsert {
  identity: string;
  owner: string;
  name: string;
  github_url: string;
  is_private: boolean;
  default_branch: string;
}

export interface SubscriptionUpsert {
  app_id: string;
  repository_id: string;
  branch: string;
  include: string[];
  exclude: string[];
  github_token_encrypted: string | null;
}

/** Registry's writer for `repositories`, `subscriptions` and `watched_branches`. */
@Injectable()
export class RepositoriesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  /** One row per repository identity (case-insensitive owner/name); GitHub's current facts refresh it. */
  async upsertRepository(em: EntityManager, r: RepositoryUpsert): Promise<RepositoryEntity> {
    await em.query(
      `INSERT INTO repositories (repository_id, identity, owner, name, github_url, is_private, default_branch)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (identity) DO UPDATE SET owner = EXCLUDED.owner, name = EXCLUDED.name, github_url = EXCLUDED.github_url,
         is_private = EXCLUDED.is_private, default_branch = EXCLUDED.default_branch, updated_at = now()`,
      [generateRepositoryId(), r.identity, r.owner, r.name, r.github_url, r.is_private, r.default_branch],
    );
    return em.getRepository(RepositoryEntity).findOneByOrFail({ identity: r.identity });
  }

  /** Registration and re-registration: the link is updated in place, so what the app already has is kept. */
  async upsertSubscription(em: EntityManager, s: SubscriptionUpsert): Promise<void> {
    await em.query(
      `INSERT INTO subscriptions (app_id, repository_id, branch, include, exclude, github_token_encrypted, status, retry_count)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, 0)
       ON CONFLICT (app_id, repository_id) DO UPDATE SET branch = EXCLUDED.branch, include = EXCLUDED.include,
         exclude = EXCLUDED.exclude, github_token_encrypted = EXCLUDED.github_token_encrypted, status = EXCLUDED.status,
         retry_count = 0, last_error = NULL, updated_at = now()`,
      [
        s.app_id,
        s.repository_id,
        s.branch,
        JSON.stringify(s.include),
        JSON.stringify(s.exclude),
        s.github_token_encrypted,
        SubscriptionStatus.PendingSnapshot,
      ],
    );
  }

  /** The scheduler's row for the branch is due now; branches nobody watches any more stop being checked. */
  async watchBranch(em: EntityManager, repositoryId: string, branch: string): Promise<void> {
    await em.query(
      `INSERT INTO watched_branches (repository_id, branch, next_check_at) VALUES ($1, $2, now())
       ON CONFLICT (repository_id, branch) DO UPDATE SET next_check_at = now()`,
      [repositoryId, branch],
    );
    await em.query(
      `DELETE FROM watched_branches w WHERE w.repository_id = $1
         AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.repository_id = w.repository_id AND s.branch = w.branch)`,
      [repositoryId],
    );
  }

  repository(repositoryId: string): Promise<RepositoryEntity | null> {
    return this.ds.getRepository(RepositoryEntity).findOneBy({ repository_id: repositoryId });
  }

  subscription(em: EntityManager, appId: string, repositoryId: string): Promise<SubscriptionEntity | null> {
    return em.getRepository(SubscriptionEntity).findOneBy({ app_id: appId, repository_id: repositoryId });
  }

  /**
   * Claims the branches due for a check and pushes their next check out by the interval ±10 % jitter, in one
   * statement: several registry replicas never claim the same branch.
   */
  async claimDue(intervalMs: number, limit: number): Promise<{ repository_id: string; branch: string }[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
    const [rows] = await this.ds.query<[{ repository_id: string; branch: string }[], number]>(
      `UPDATE watched_branches w SET next_check_at = now() + ($1::double precision * (0.9 + random() * 0.2)) * interval '1 millisecond'
        FROM (SELECT repository_id, branch FROM watched_branches WHERE next_check_at <= now()
               ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE w.repository_id = due.repository_id AND w.branch = due.branch
       RETURNING w.repository_id, w.branch`,
      [intervalMs, limit],
    );
    return rows;
  }
}
