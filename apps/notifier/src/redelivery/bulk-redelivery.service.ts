import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import {
  AppError,
  BulkRedeliveryJobData,
  BulkRedeliveryStarted,
  DeliveryFilter,
  ErrorCode,
  JobNames,
  MAX_BULK_REDELIVERY,
  Queues,
  readDeliveryFilter,
  REDELIVERABLE_STATUSES,
} from '@lib/contracts';
import { DeliveriesReader } from '@lib/database';
import { BulkProgressStore, enqueueBulkJob } from '@lib/messaging';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';

/** Attempts per job: an unexpected error (database, Redis) retries from the cursor with backoff. */
export const BULK_REDELIVERY_ATTEMPTS = 5;

/**
 * Starts an admin bulk redelivery: snapshots the ids the filter matches now (oldest first, only those that can be
 * sent again: the dry run counts the same), creates the progress record, queues one durable job in the notifier.
 */
@Injectable()
export class BulkRedeliveryService {
  constructor(
    private readonly reader: DeliveriesReader,
    private readonly progress: BulkProgressStore,
    @InjectQueue(Queues.BulkRedeliveries) private readonly queue: Queue<BulkRedeliveryJobData>,
  ) {}

  async start(raw: unknown): Promise<BulkRedeliveryStarted> {
    const filter = validFilter(raw);
    const ids = await this.reader.redeliverableIds(filter, MAX_BULK_REDELIVERY + 1);
    if (ids.length > MAX_BULK_REDELIVERY) {
      throw new AppError(
        ErrorCode.Unprocessable,
        `The filter matches more than ${MAX_BULK_REDELIVERY} deliveries: narrow it (e.g. with since and until) and redeliver in parts`,
      );
    }
    if (ids.length === 0) {
      return { operation_id: null, total: 0 };
    }
    const id = await enqueueBulkJob(this.progress, this.queue, {
      name: JobNames.RunBulkRedelivery,
      attempts: BULK_REDELIVERY_ATTEMPTS,
      total: ids.length,
      data: (operation_id) => ({ operation_id, delivery_ids: ids, correlation_id: randomUUID() }),
    });
    return { operation_id: id, total: ids.length };
  }
}

/** The gateway validated it already; the notifier trusts no caller (same rules, same messages). */
function validFilter(raw: unknown): DeliveryFilter {
  const problems: string[] = [];
  const filter = readDeliveryFilter(
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {},
    { where: 'body', appId: true, statuses: REDELIVERABLE_STATUSES },
    problems,
  );
  if (problems.length) {
    throw new AppError(ErrorCode.ValidationFailed, problems.join(', '), problems);
  }
  return filter;
}
