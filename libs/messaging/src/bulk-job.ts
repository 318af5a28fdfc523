import { WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { BulkItemError } from '@lib/contracts';
import { generateOperationId } from '@lib/signing';
import { Job, JobsOptions, UnrecoverableError, WaitingError } from 'bullmq';
import { BulkProgressStore } from './bulk-progress.store';

/**
 * The part of admin bulk operations that does not depend on what an item is: the registry's retry / resync and
 * the notifier's redeliveries start, queue and walk their items the same way, with the same crash semantics.
 */

/** How a run ended: `interrupted` means the process is stopping and the rest must be done later. */
export type BulkRunResult = 'done' | 'cancelled' | 'expired' | 'superseded' | 'interrupted';

export interface BulkRunOptions {
  /** Checked before each item; true once the process is shutting down. */
  shouldStop: () => boolean;
  /** On the job's last attempt an unexpected error fails the item instead of the whole job. */
  lastAttempt: boolean;
}

/** How one item ended: counted (null = succeeded, else why not), or the run stops without counting it. */
export type BulkItemEnd =
  { counted: BulkItemError | null } | { stop: 'cancelled' | 'expired' | 'interrupted' };

/**
 * Walks one operation's `count` items from the cursor stored with its progress, so a run that resumes after a
 * crash or a retry never redoes a counted item; at most the item in flight at the crash is carried out again
 * (`item` is told so by `resumed`). An error thrown by `item` ends the walk uncounted (the job is retried).
 */
export async function walkBulkItems(
  progress: BulkProgressStore,
  operationId: string,
  count: number,
  opts: Pick<BulkRunOptions, 'shouldStop'>,
  item: (index: number, resumed: boolean) => Promise<BulkItemEnd>,
): Promise<BulkRunResult> {
  const start = await progress.get(operationId);
  if (!start) {
    return 'expired';
  }
  for (let i = start.completed; i < count; i++) {
    if (opts.shouldStop()) {
      return 'interrupted';
    }
    const step = await progress.begin(operationId, i);
    switch (step) {
      case 'cancelled':
        return 'cancelled';
      case 'gone':
        return 'expired';
      case 'moved':
        return 'superseded';
      case 'run':
      case 'resumed':
        break;
    }
    const end = await item(i, step === 'resumed');
    if ('stop' in end) {
      return end.stop;
    }
    if (!(await progress.record(operationId, i, end.counted))) {
      return 'superseded';
    }
  }
  return 'done';
}

/**
 * Starts a bulk operation of `total` items: creates its progress record, then queues its one durable job (job id =
 * operation id). Returns the operation id; nothing is left behind when the job cannot be queued. `queue` is the
 * app's BullMQ Queue.
 */
export async function enqueueBulkJob<T>(
  progress: BulkProgressStore,
  queue: { add(name: string, data: T, opts: JobsOptions): Promise<unknown> },
  job: { name: string; attempts: number; total: number; data: (operationId: string) => T },
): Promise<string> {
  const id = generateOperationId();
  // Progress first: the worker may pick the job up before add() even returns.
  await progress.create(id, job.total);
  try {
    await queue.add(job.name, job.data(id), {
      jobId: id,
      attempts: job.attempts,
      backoff: { type: 'exponential', delay: 2_000 },
      // Kept as long as the progress record, for the admin queue view and post-mortems.
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 24 * 3600 },
    });
  } catch (e) {
    await progress.remove(id).catch(() => undefined);
    throw e;
  }
  return id;
}

/** What a BulkJobProcessor runs for each job (the app's runner, which does the per-item work). */
export interface BulkJobRunner<T> {
  run(data: T, opts: BulkRunOptions): Promise<BulkRunResult>;
}

/**
 * Job handling shared by the BullMQ workers of bulk operations (each app's subclass carries `@Processor` with its
 * queue and worker options): runs the job through its runner and, when the process is stopping, hands the rest
 * of the operation back to the queue.
 */
export abstract class BulkJobProcessor<T extends { operation_id: string }>
  extends WorkerHost
  implements BeforeApplicationShutdown
{
  private stopping = false;

  protected constructor(
    private readonly jobName: string,
    private readonly runner: BulkJobRunner<T>,
    private readonly logger: Logger,
  ) {
    super();
  }

  /**
   * Nest closes BullMQ workers after this hook, and closing waits for running jobs: stop between two items so a
   * long operation neither delays shutdown nor ends half-done (the job goes back to waiting, see process).
   */
  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  /** What the log line says of a job besides its id and result, e.g. its size. */
  protected abstract describe(data: T): string;

  async process(job: Job<T>, token?: string): Promise<string> {
    if (job.name !== this.jobName) {
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
    this.logger.log(`${job.data.operation_id} (${this.describe(job.data)}): ${result}`);
    return result;
  }
}
