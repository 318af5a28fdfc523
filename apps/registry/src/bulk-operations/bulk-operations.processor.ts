import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { BulkOperationJobData, JobNames, Queues } from '@lib/contracts';
import { Job, UnrecoverableError, WaitingError } from 'bullmq';
import { BulkOperationRunner } from './bulk-operation.runner';

/**
 * BullMQ worker of admin bulk operations, in the registry (the owner of what they change), never in the HTTP
 * process. If the process dies mid-operation, its lock lapses and BullMQ's stalled-job check hands the job to a
 * live worker (`maxStalledCount` allows several crashes); the runner resumes at the stored cursor. Items are
 * short (a query, an event, an enqueue), so a 20 s lock renewed every 10 s never lapses on a live worker.
 */
@Processor(Queues.BulkOperations, {
  concurrency: 2,
  lockDuration: 20_000,
  stalledInterval: 10_000,
  maxStalledCount: 10,
})
export class BulkOperationsProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger('BulkOperations');
  private stopping = false;

  constructor(private readonly runner: BulkOperationRunner) {
    super();
  }

  /**
   * Nest closes BullMQ workers after this hook, and closing waits for running jobs: stop between two items so a
   * long operation neither delays shutdown nor ends half-done (the job goes back to waiting, see process).
   */
  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  async process(job: Job<BulkOperationJobData>, token?: string): Promise<string> {
    if (job.name !== JobNames.RunBulkOperation) {
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
    this.logger.log(`${job.data.operation_id} (${job.data.kind}, ${job.data.items.length} items): ${result}`);
    return result;
  }
}
