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
