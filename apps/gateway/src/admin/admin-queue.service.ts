import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queues, ScanJobData } from '@lib/contracts';
import { AdminReader } from '@lib/database';
import { Job, Queue } from 'bullmq';
import { QueueCounts, QueueJob, QueueJobStatus, QueueStatus } from './admin-read.dto';

/** Jobs listed per state. BullMQ ranges are inclusive: 0..49 is 50 jobs (v1 asked for 0..50 and showed 51). */
export const JOBS_PER_STATE = 50;

/**
 * The scan queue as the dashboard shows it. The registry enqueues with a priority, and BullMQ keeps prioritised
 * jobs in a `prioritized` set rather than `wait`: both are "waiting" to an operator.
 */
@Injectable()
export class AdminQueueService {
  constructor(
    @InjectQueue(Queues.Scan) private readonly queue: Queue<ScanJobData>,
    private readonly reader: AdminReader,
  ) {}

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts(
      'waiting',
      'prioritized',
      'active',
      'completed',
      'failed',
      'delayed',
    );
    const n = (k: string) => c[k] ?? 0;
    return {
      waiting: n('waiting') + n('prioritized'),
      active: n('active'),
      completed: n('completed'),
      failed: n('failed'),
      delayed: n('delayed'),
    };
  }

  async status(): Promise<QueueStatus> {
    const last = JOBS_PER_STATE - 1;
    const [counts, active, waiting, delayed] = await Promise.all([
      this.counts(),
      this.queue.getJobs(['active'], 0, last, true),
      // Two states, each ranged separately by BullMQ: cut the union back to one page.
      this.queue.getJobs(['prioritized', 'waiting'], 0, last, true),
      this.queue.getJobs(['delayed'], 0, last, true),
    ]);
    const listed: [Job<ScanJobData>, QueueJobStatus][] = [
      ...active.slice(0, JOBS_PER_STATE).map((j) => [j, 'active'] as [Job<ScanJobData>, QueueJobStatus]),
      ...waiting.slice(0, JOBS_PER_STATE).map((j) => [j, 'waiting'] as [Job<ScanJobData>, QueueJobStatus]),
      ...delayed.slice(0, JOBS_PER_STATE).map((j) => [j, 'delayed'] as [Job<ScanJobData>, QueueJobStatus]),
    ];
    const ids = [
      ...new Set(listed.map(([j]) => j.data?.repository_id).filter((id) => typeof id === 'string')),
    ];
    const names = new Map(
      (await this.reader.repositories(ids)).map((r) => [r.repository_id, `${r.owner}/${r.name}`]),
    );
    return {
      status: counts,
      jobs: listed.map(([job, status]) => this.toJob(job, status, names)),
    };
  }

  private toJob(job: Job<ScanJobData>, status: QueueJobStatus, names: Map<string, string>): QueueJob {
    const repositoryId = typeof job.data?.repository_id === 'string' ? job.data.repository_id : null;
    return {
      id: String(job.id),
      name: job.name,
      repository_id: repositoryId,
      repository_name: repositoryId ? (names.get(repositoryId) ?? null) : null,
      branch: typeof job.data?.branch === 'string' ? job.data.branch : null,
      status,
      created_at: new Date(job.timestamp).toISOString(),
      processed_on: job.processedOn ? new Date(job.processedOn).toISOString() : null,
    };
  }
}
