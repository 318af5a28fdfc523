import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { BulkRedeliveryJobData, JobNames, Queues } from '@lib/contracts';
import { Job, UnrecoverableError, WaitingError } from 'bullmq';
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
export class BulkRedeliveryProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger('BulkRedelivery');
  private stopping = false;

  constructor(private readonly runner: BulkRedeliveryRunner) {
    super();
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  async process(job: Job<BulkRedeliveryJobData>, token?: string): Promise<string> {
    if (job.name !== JobNames.RunBulkRedelivery) {
      throw new UnrecoverableError(`unknown job ${job.name}`);
    }
    const result = await this.runner.run(job.data, {
      shouldStop: () => this.stopping,
      lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
    if (result === 'interrupted') {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    this.logger.log(`${job.data.operation_id} (${job.data.delivery_ids.length} deliveries): ${result}`);
    return result;
  }
}
