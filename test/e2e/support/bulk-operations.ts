import { BulkOperationJobData, Queues } from '@lib/contracts';
import type { DocoraTestEnv } from '@lib/testing';
import { waitUntil } from '@lib/testing';
import { Queue } from 'bullmq';
import Redis from 'ioredis';

const REDIS = { host: '127.0.0.1', port: 6379 };

/**
 * Test-side handles on the bulk-operation queue and its progress records in the env's namespace: pausing the
 * queue holds operations before their first item, so cancellation and restarts can be tested without races.
 */
export class BulkOperationsProbe {
  readonly queue: Queue<BulkOperationJobData>;
  private readonly redis = new Redis(REDIS);

  constructor(private readonly env: DocoraTestEnv) {
    this.queue = new Queue(Queues.BulkOperations, { connection: REDIS, prefix: env.namespace });
  }

  async keyExists(operationId: string): Promise<boolean> {
    return (await this.redis.exists(`${this.env.namespace}:bulk:${operationId}`)) === 1;
  }

  async progress(operationId: string) {
    const res = await this.env.adminRequest('GET', `/admin/api/retry/progress/${operationId}`);
    return res.body?.data as {
      operation_id: string;
      total: number;
      completed: number;
      succeeded: number;
      failed: number;
      cancelled: boolean;
      errors: { app_id: string; repository_id: string; error: string }[];
    };
  }

  /** Waits until the registry's worker has finished with the operation (run to the end, or stopped). */
  async waitJobCompleted(operationId: string, timeoutMs = 30_000): Promise<void> {
    await waitUntil(async () => (await this.queue.getJobState(operationId)) === 'completed', {
      timeoutMs,
      message: `bulk job ${operationId} never completed`,
    });
  }

  async waitAllDone(operationId: string, timeoutMs = 30_000) {
    await waitUntil(
      async () => {
        const p = await this.progress(operationId);
        return p !== undefined && p.completed === p.total;
      },
      { timeoutMs, message: `operation ${operationId} never completed` },
    );
    return this.progress(operationId);
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}
