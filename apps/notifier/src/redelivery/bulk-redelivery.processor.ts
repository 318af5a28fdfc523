import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { BulkRedeliveryJobData, JobNames, Queues } from '@lib/contracts';
import { BulkJobProcessor } from '@lib/messaging';
import { BulkRedeliveryRunner } from './bulk-redelivery.runner';

/**
 * BullMQ worker of admin bulk redeliveries, in the notifier: it owns the rows, so each item is a local transaction
 * (no request per item to another service) and it sees each redelivery through to its outcome. A process that dies
 * mid-operation leaves its job to a live worker (stalled-job check) that resumes at the stored cursor; a graceful
 * shutdown hands the job back between two items (or while waiting for one, which stays in its lane).
 */
@Processor(Queues.BulkRedeliveries, {
  concurrency: 2,
  lockDuration: 20_000,
  stalledInterval: 10_000,
  maxStalledCount: 10,
})
export class BulkRedeliveryProcessor extends BulkJobProcessor<BulkRedeliveryJobData> {
  constructor(runner: BulkRedeliveryRunner) {
    super(JobNames.RunBulkRedelivery, runner, new Logger('BulkRedelivery'));
  }

  protected describe(data: BulkRedeliveryJobData): string {
    return `${data.delivery_ids.length} deliveries`;
  }
}
