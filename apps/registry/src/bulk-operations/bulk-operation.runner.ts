import { Injectable, Logger } from '@nestjs/common';
import { AppError, BulkItemError, BulkOperationJobData, ErrorCode, SubscriptionRef } from '@lib/contracts';
import { BulkProgressStore, BulkRunOptions, BulkRunResult, walkBulkItems } from '@lib/messaging';
import { AdminActionsService } from '../admin-actions/admin-actions.service';

export type { BulkRunOptions, BulkRunResult };

/**
 * Walks one operation's items from the cursor stored with its progress, so a run that resumes after a crash or a
 * retry never redoes a counted item; at most the item in flight at the crash is carried out again.
 */
@Injectable()
export class BulkOperationRunner {
  private readonly logger = new Logger('BulkOperations');

  constructor(
    private readonly progress: BulkProgressStore,
    private readonly actions: AdminActionsService,
  ) {}

  run(job: BulkOperationJobData, opts: BulkRunOptions): Promise<BulkRunResult> {
    return walkBulkItems(this.progress, job.operation_id, job.items.length, opts, async (i, resumed) => ({
      counted: await this.apply(job, job.items[i], resumed, opts.lastAttempt),
    }));
  }

  /** Null when the item succeeded; its failure otherwise. Unexpected errors are thrown (the job is retried). */
  private async apply(
    job: BulkOperationJobData,
    ref: SubscriptionRef,
    resumed: boolean,
    lastAttempt: boolean,
  ): Promise<BulkItemError | null> {
    const item = { app_id: ref.app_id, repository_id: ref.repository_id };
    try {
      if (job.kind === 'retry') {
        await this.actions.retry(item);
      } else {
        await this.actions.resync(item);
      }
      return null;
    } catch (e) {
      if (e instanceof AppError) {
        // Resumed after a crash: the previous run's retry may already have reset this subscription.
        if (resumed && job.kind === 'retry' && e.code === ErrorCode.Conflict) {
          return null;
        }
        this.logger.warn(`${job.operation_id} ${ref.app_id}/${ref.repository_id}: ${e.message}`);
        return { ...item, error: e.message };
      }
      if (!lastAttempt) {
        throw e;
      }
      this.logger.error(`${job.operation_id} ${ref.app_id}/${ref.repository_id} failed`, (e as Error).stack);
      return { ...item, error: 'Internal error' };
    }
  }
}
