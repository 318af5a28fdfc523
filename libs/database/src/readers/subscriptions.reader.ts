import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RepositoryEntity, SubscriptionEntity } from '@lib/entities';
import { DataSource } from 'typeorm';

/** Read-only view of the registry's repositories and subscriptions for scanner, diff and notifier. */
@Injectable()
export class SubscriptionsReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  repository(repositoryId: string): Promise<RepositoryEntity | null> {
    return this.ds.getRepository(RepositoryEntity).findOne({ where: { repository_id: repositoryId } });
  }

  /** Subscribers of one repository branch. */
  forBranch(repositoryId: string, branch: string): Promise<SubscriptionEntity[]> {
    return this.ds.getRepository(SubscriptionEntity).find({ where: { repository_id: repositoryId, branch } });
  }

  /** Whether any subscription watches this repository branch (one index probe, whatever their number). */
  async isWatched(repositoryId: string, branch: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      'SELECT 1 FROM subscriptions WHERE repository_id = $1 AND branch = $2 LIMIT 1',
      [repositoryId, branch],
    );
    return rows.length > 0;
  }

  /** Branches the scanner still keeps state for (repo_heads) that no subscription watches any more. */
  unwatchedBranches(limit: number): Promise<{ repository_id: string; branch: string }[]> {
    return this.ds.query(
      `SELECT h.repository_id, h.branch FROM repo_heads h
        WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.repository_id = h.repository_id AND s.branch = h.branch)
        LIMIT $1`,
      [limit],
    );
  }

  one(appId: string, repositoryId: string): Promise<SubscriptionEntity | null> {
    return this.ds
      .getRepository(SubscriptionEntity)
      .findOne({ where: { app_id: appId, repository_id: repositoryId } });
  }

  /** Encrypted GitHub tokens given for a repository, most recently updated first (the scanner tries them in turn). */
  async encryptedTokens(repositoryId: string): Promise<string[]> {
    const rows: { t: string }[] = await this.ds.query(
      `SELECT github_token_encrypted AS t FROM subscriptions
        WHERE repository_id = $1 AND github_token_encrypted IS NOT NULL ORDER BY updated_at DESC`,
      [repositoryId],
    );
    return [...new Set(rows.map((r) => r.t))];
  }
}
