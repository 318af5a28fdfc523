import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppError, DeleteAppResult, ErrorCode, SubscriptionActionBody, Subjects } from '@lib/contracts';
import { effectiveStatus, SubscriptionStatusReader } from '@lib/database';
import { SubscriptionStatus } from '@lib/entities';
import { EventBus } from '@lib/messaging';
import { DataSource } from 'typeorm';
import { ScanQueue } from '../scheduler/scan-queue';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository';

/** v1 admin actions on subscriptions and apps, carried out by their owner (the registry). */
@Injectable()
export class AdminActionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly status: SubscriptionStatusReader,
    private readonly scans: ScanQueue,
    private readonly events: EventBus,
  ) {}

  /** Only failed subscriptions can be retried (409 otherwise, as v1): failed deliveries are queued again. */
  async retry(ref: SubscriptionActionBody): Promise<{ message: string; job_id: string }> {
    const facts = await this.status.one(ref.app_id, ref.repository_id);
    if (!facts) {
      throw new AppError(ErrorCode.NotFound, 'App-repository link not found');
    }
    if (effectiveStatus(facts).status !== SubscriptionStatus.Failed) {
      throw new AppError(ErrorCode.Conflict, 'Only failed entries can be retried');
    }
    await this.subscriptions.resetStatus(ref.app_id, ref.repository_id);
    await this.events.publish(Subjects.SubscriptionReset, { ...ref, branch: facts.branch, mode: 'retry' });
    await this.scans.enqueue(ref.repository_id, facts.branch, 'manual');
    return { message: 'Retry queued', job_id: `${ref.app_id}-${ref.repository_id}` };
  }

  /** Re-sends every current file as a create (v1 resync), whatever the status. */
  async resync(ref: SubscriptionActionBody): Promise<{ message: string; job_id: string }> {
    const sub = await this.subscriptions.find(ref.app_id, ref.repository_id);
    if (!sub) {
      throw new AppError(ErrorCode.NotFound, 'App-repository link not found');
    }
    await this.subscriptions.resetStatus(ref.app_id, ref.repository_id);
    await this.events.publish(Subjects.SubscriptionReset, { ...ref, branch: sub.branch, mode: 'resync' });
    await this.events.publish(Subjects.SubscriptionReset, { ...ref, branch: sub.branch, mode: 'retry' });
    await this.scans.enqueue(ref.repository_id, sub.branch, 'manual');
    return { message: 'Re-sync queued', job_id: `${ref.app_id}-${ref.repository_id}` };
  }

  /** Deletes the app and its subscriptions, then the repositories nobody watches any more (v1 never did). */
  async deleteApp(appId: string): Promise<DeleteAppResult> {
    const result = await this.ds.transaction(async (em) => {
      const subs = await em.query<{ repository_id: string; branch: string }[]>(
        'SELECT repository_id, branch FROM subscriptions WHERE app_id = $1',
        [appId],
      );
      const [deleted] = await em.query<[unknown[], number]>(
        'DELETE FROM apps WHERE app_id = $1 RETURNING app_id',
        [appId],
      );
      if (!deleted.length) {
        return null;
      }
      const removed: { repository_id: string; branch: string; repositoryRemoved: boolean }[] = [];
      for (const s of subs) {
        removed.push({
          ...s,
          repositoryRemoved: await this.subscriptions.cleanupRepository(em, s.repository_id),
        });
      }
      return removed;
    });
    if (!result) {
      throw new AppError(ErrorCode.NotFound, 'App not found');
    }
    for (const r of result) {
      await this.events.publish(Subjects.SubscriptionRemoved, {
        app_id: appId,
        repository_id: r.repository_id,
        branch: r.branch,
        repository_removed: r.repositoryRemoved,
      });
    }
    return {
      deleted: true,
      repositories_unlinked: result.length,
      orphaned_repositories_cleaned: result.filter((r) => r.repositoryRemoved).length,
    };
  }
}
