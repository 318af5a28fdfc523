import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobNames, Queues, ScanJobData, scanJobId, ScanReason } from '@lib/contracts';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';

/** Enqueues checks; one job per repository branch at a time (BullMQ ignores an add whose id already exists). */
@Injectable()
export class ScanQueue {
  constructor(@InjectQueue(Queues.Scan) private readonly queue: Queue<ScanJobData>) {}

  async enqueue(
    repositoryId: string,
    branch: string,
    reason: ScanReason,
    correlationId: string = randomUUID(),
  ): Promise<void> {
    await this.queue.add(
      JobNames.ScanRepository,
      { repository_id: repositoryId, branch, reason, correlation_id: correlationId },
      {
        jobId: scanJobId(repositoryId, branch),
        // Manual and push checks jump the queue; BullMQ runs lower numbers first.
        priority: reason === 'schedule' ? 10 : 1,
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
        attempts: 1,
      },
    );
  }

  /** A check of the branch is running now: an enqueue would be dropped (its job id is taken) until it ends. */
  async isRunning(repositoryId: string, branch: string): Promise<boolean> {
    return (await this.queue.getJobState(scanJobId(repositoryId, branch))) === 'active';
  }
}
