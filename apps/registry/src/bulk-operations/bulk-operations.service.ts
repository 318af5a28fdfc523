import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import {
  AppError,
  BulkMessages,
  BulkOperationJobData,
  BulkOperationKind,
  BulkOperationStarted,
  ErrorCode,
  JobNames,
  Queues,
  SubscriptionRef,
} from '@lib/contracts';
import { FailedNotificationsReader } from '@lib/database';
import { BulkProgressStore, enqueueBulkJob } from '@lib/messaging';
import { isAppIdFormat } from '@lib/signing';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { BulkTargetsRepository } from './bulk-targets.repository';

/** Attempts per job: an unexpected error (database, NATS) retries from the cursor with backoff. */
export const BULK_JOB_ATTEMPTS = 5;

/** Starts admin bulk operations: snapshots the targets, creates the progress record, queues one job. */
@Injectable()
export class BulkOperationsService {
  constructor(
    private readonly failed: FailedNotificationsReader,
    private readonly targets: BulkTargetsRepository,
    private readonly progress: BulkProgressStore,
    @InjectQueue(Queues.BulkOperations) private readonly queue: Queue<BulkOperationJobData>,
  ) {}

  async retryApp(appId: unknown): Promise<BulkOperationStarted> {
    const items = isAppIdFormat(appId) ? await this.failed.failedSubscriptions(appId) : [];
    return this.start('retry', items, BulkMessages.NoFailedForApp);
  }

  async retryAll(): Promise<BulkOperationStarted> {
    return this.start('retry', await this.failed.failedSubscriptions(null), BulkMessages.NoFailed);
  }

  async resyncApp(appId: unknown): Promise<BulkOperationStarted> {
    const items = isAppIdFormat(appId) ? await this.targets.subscriptionsOfApp(appId) : [];
    return this.start('resync', items, BulkMessages.NoRepositoriesForApp);
  }

  private async start(
    kind: BulkOperationKind,
    items: SubscriptionRef[],
    notFound: string,
  ): Promise<BulkOperationStarted> {
    if (items.length === 0) {
      throw new AppError(ErrorCode.NotFound, notFound);
    }
    const id = await enqueueBulkJob(this.progress, this.queue, {
      name: JobNames.RunBulkOperation,
      attempts: BULK_JOB_ATTEMPTS,
      total: items.length,
      data: (operation_id) => ({
        operation_id,
        kind,
        items: items.map((i) => ({ app_id: i.app_id, repository_id: i.repository_id })),
        correlation_id: randomUUID(),
      }),
    });
    return {
      message: kind === 'retry' ? BulkMessages.RetryStarted : BulkMessages.ResyncStarted,
      operation_id: id,
      total: items.length,
    };
  }
}
