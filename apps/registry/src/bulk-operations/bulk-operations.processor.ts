import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { BulkOperationJobData, JobNames, Queues } from '@lib/contracts';
import { BulkJobProcessor } from '@lib/messaging';
import { BulkOperationRunner } from './bulk-operation.runner';

/**
 * BullMQ worker of admin bulk operations, in the registry (the owner of what they change), never in the HTTP
 * process. If the process dies mid-operation, its lock lapses and BullMQ's stalled-job check hands the job to a
 * live worker (`maxStalledCount` allows several crashes); the runner resumes at the stored cursor. Items are
 * short (a query, an event, an enqueue), so a 20 s lock renewed every 10 s never lapses on a live worker.
 * A graceful shutdown hands the job back between two items (BulkJobProcessor).
 */
@Processor(Queues.BulkOperations, {
  concurrency: 2,
  lockDuration: 20_000,
  stalledInterval: 10_000,
  maxStalledCount: 10,
})
export class BulkOperationsProcessor extends BulkJobProcessor<BulkOperationJobData> {
  constructor(runner: BulkOperationRunner) {
    super(JobNames.RunBulkOperation, runner, new Logger('BulkOperations'));
  }

  protected describe(data: BulkOperationJobData): string {
    return `${data.kind}, ${data.items.length} items`;
  }
}
