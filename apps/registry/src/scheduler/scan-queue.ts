import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { JobNames, Queues, ScanJobData, scanJobId, ScanReason } from '@lib/contracts';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';

/** BullMQ runs lower numbers first: manual syncs and push hooks jump the queue of scheduled checks. */
const PRIORITY: Record<ScanReason, number> = { push: 1, manual: 1, initial: 2, schedule: 10 };

/**
 * Enqueues checks, at most one waiting and one running per repository branch (BullMQ deduplication with
 * keepLastIfActive): an add while a check waits is dropped (that check will see the same remote head), and an
 * add while a check runs is kept for right after it, because the running check may have listed the refs before
 * the push that caused this add. Unlike a fixed job id, a failed check never blocks the next one.
 */
@Injectable()
export class ScanQueue {
  private readonly logger = new Logger('ScanQueue');

  constructor(@InjectQueue(Queues.Scan) private readonly queue: Queue<ScanJobData>) {}

  async enqueue(
    repositoryId: string,
    branch: string,
    reason: ScanReason,
    correlationId: string = randomUUID(),
  ): Promise<void> {
    const priority = PRIORITY[reason];
    const job = await this.queue.add(
      JobNames.ScanRepository,
      { repository_id: repositoryId, branch, reason, correlation_id: correlationId },
      {
        deduplication: { id: scanJobId(repositoryId, branch), keepLastIfActive: true },
        priority,
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
        attempts: 1,
      },
    );
    if (job.id && priority < PRIORITY.schedule) {
      await this.promote(job.id, correlationId, priority);
    }
  }

  /** An urgent add that was dropped for an already waiting scheduled check moves that check up instead. */
  private async promote(jobId: string, correlationId: string, priority: number): Promise<void> {
    const existing = await this.queue.getJob(jobId);
    if (!existing || existing.data.correlation_id === correlationId || existing.priority <= priority) {
      return;
    }
    try {
      await existing.changePriority({ priority });
    } catch (e) {
      // It started (or finished) meanwhile: it lists the refs after this add, which is what the add wanted.
      this.logger.debug(`scan ${jobId} not re-prioritised: ${(e as Error).message}`);
    }
  }

  /** A check of the branch is running now: an enqueue would be dropped (its job id is taken) until it ends. */
  async isRunning(repositoryId: string, branch: string): Promise<boolean> {
    return (await this.queue.getJobState(scanJobId(repositoryId, branch))) === 'active';
  }
}
