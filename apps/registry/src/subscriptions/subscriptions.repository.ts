import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SubscriptionEntity, SubscriptionStatus } from '@lib/entities';
import { DataSource, EntityManager } from 'typeorm';

/** Registry's writer for subscription lifecycle changes (unwatch, token, status). */
@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  find(appId: string, repositoryId: string): Promise<SubscriptionEntity | null> {
    return this.ds
      .getRepository(SubscriptionEntity)
      .findOneBy({ app_id: appId, repository_id: repositoryId });
  }

  /**
   * Deletes the subscription, the scheduler rows nobody watches any more and, when no subscription is left,
   * the repository itself (v1 compared a string count with 0 and never cleaned up). Returns null if not found.
   */
  remove(
    appId: string,
    repositoryId: string,
  ): Promise<{ branch: string; repositoryRemoved: boolean } | null> {
    return this.ds.transaction(async (em) => {
      const [rows] = await em.query<[{ branch: string }[], number]>(
        `DELETE FROM subscriptions WHERE app_id = $1 AND repository_id = $2 RETURNING branch`,
        [appId, repositoryId],
      );
      if (!rows.length) {
        return null;
      }
      return { branch: rows[0].branch, repositoryRemoved: await this.cleanupRepository(em, repositoryId) };
    });
  }

  /** Drops unwatched branches; deletes the repository when nothing watches it. Returns whether it was deleted. */
  async cleanupRepository(em: EntityManager, repositoryId: string): Promise<boolean> {
    await em.query(
      `DELETE FROM watched_branches w WHERE w.repository_id = $1
         AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.repository_id = w.repository_id AND s.branch = w.branch)`,
      [repositoryId],
    );
    const [deleted] = await em.query<[unknown[], number]>(
      `DELETE FROM repositories r WHERE r.repository_id = $1
         AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.repository_id = r.repository_id) RETURNING repository_id`,
      [repositoryId],
    );
    return deleted.length > 0;
  }

  async updateToken(appId: string, repositoryId: string, encryptedToken: string): Promise<void> {
    await this.ds.query(
      `UPDATE subscriptions SET github_token_encrypted = $3, status = $4, retry_count = 0, last_error = NULL, updated_at = now()
        WHERE app_id = $1 AND repository_id = $2`,
      [appId, repositoryId, encryptedToken, SubscriptionStatus.PendingSnapshot],
    );
  }

  async resetStatus(appId: string, repositoryId: string): Promise<void> {
    await this.ds.query(
      `UPDATE subscriptions SET status = $3, retry_count = 0, last_error = NULL, updated_at = now() WHERE app_id = $1 AND repository_id = $2`,
      [appId, repositoryId, SubscriptionStatus.PendingSnapshot],
    );
  }

  /** A failed subscription starts over as resetStatus does; any other status is left alone. */
  async clearFailed(appId: string, repositoryId: string): Promise<void> {
    await this.ds.query(
      `UPDATE subscriptions SET status = $3, retry_count = 0, last_error = NULL, updated_at = now()
        WHERE app_id = $1 AND repository_id = $2 AND status = $4`,
      [appId, repositoryId, SubscriptionStatus.PendingSnapshot, SubscriptionStatus.Failed],
    );
  }

  async markFailed(appId: string, repositoryId: string, attempts: number, error: string): Promise<void> {
    await this.ds.query(
      `UPDATE subscriptions SET status = $3, retry_count = $4, last_error = $5, updated_at = now() WHERE app_id = $1 AND repository_id = $2`,
      [appId, repositoryId, SubscriptionStatus.Failed, attempts, error.slice(0, 2000)],
    );
  }
}
