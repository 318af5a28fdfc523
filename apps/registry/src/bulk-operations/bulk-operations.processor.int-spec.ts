import { Logger } from '@nestjs/common';
import { DocoraConfig } from '@lib/config';
import { BulkOperationJobData, Queues, SubscriptionRef } from '@lib/contracts';
import { FailedNotificationsReader } from '@lib/database';
import { BulkProgressStore, RedisProvider } from '@lib/messaging';
import { cleanupNamespace, uniqueNamespace, waitUntil } from '@lib/testing';
import { Queue, Worker } from 'bullmq';
import { AdminActionsService } from '../admin-actions/admin-actions.service';
import { BulkOperationRunner } from './bulk-operation.runner';
import { BulkOperationsProcessor } from './bulk-operations.processor';
import { BulkOperationsService } from './bulk-operations.service';
import { BulkTargetsRepository } from './bulk-targets.repository';

const CONNECTION = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
const APP = 'app_000000000000000000000001';
const ITEMS: SubscriptionRef[] = Array.from({ length: 5 }, (_, i) => ({
  app_id: APP,
  repository_id: `repo_${String(i).padStart(24, '0')}`,
}));

/** Resync stand-in: records each call; `hold` makes the call for one repository wait until released. */
class Actions {
  readonly calls: string[] = [];
  private held: { id: string; release: () => void } | null = null;
  private gate: Promise<void> = Promise.resolve();

  hold(repositoryId: string): () => void {
    let release!: () => void;
    this.gate = new Promise((r) => (release = r));
    this.held = { id: repositoryId, release };
    return release;
  }

  async resync(ref: SubscriptionRef): Promise<{ message: string; job_id: string }> {
    this.calls.push(ref.repository_id);
    if (this.held?.id === ref.repository_id) {
      this.held = null;
      await this.gate;
    }
    return { message: 'Re-sync queued', job_id: 'x' };
  }
}

/**
 * A real BullMQ queue and workers: a worker that dies mid-operation (its lock lapses, the stalled-job check hands
 * the job over) and a worker that shuts down gracefully both leave the rest to another worker, which resumes at
 * the cursor; no item is counted twice.
 */
describe(BulkOperationsProcessor.name, () => {
  const ns = uniqueNamespace();
  let redis: RedisProvider;
  let store: BulkProgressStore;
  let queue: Queue<BulkOperationJobData>;
  let service: BulkOperationsService;
  const workers: Worker[] = [];

  /** `results` gets what each process() call ended with (its result, or its error's name). */
  function startWorker(actions: Actions) {
    const runner = new BulkOperationRunner(store, actions as unknown as AdminActionsService);
    const processor = new BulkOperationsProcessor(runner);
    const results: Promise<string>[] = [];
    const worker = new Worker<BulkOperationJobData>(
      Queues.BulkOperations,
      (job, token) => {
        const run = processor.process(job, token);
        results.push(run.catch((e: Error) => e.name));
        return run;
      },
      { connection: CONNECTION, prefix: ns, lockDuration: 1_000, stalledInterval: 500, maxStalledCount: 10 },
    );
    workers.push(worker);
    return { worker, processor, results };
  }

  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    redis = new RedisProvider({ redis: { url: 'redis://127.0.0.1:6379' }, namespace: ns } as DocoraConfig);
    store = new BulkProgressStore(redis);
    queue = new Queue(Queues.BulkOperations, { connection: CONNECTION, prefix: ns });
    const targets = { subscriptionsOfApp: () => Promise.resolve(ITEMS) };
    service = new BulkOperationsService(
      {} as FailedNotificationsReader,
      targets as unknown as BulkTargetsRepository,
      store,
      queue,
    );
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.close(true).catch(() => undefined)));
  });

  afterAll(async () => {
    await queue.close();
    await redis.onApplicationShutdown();
    await cleanupNamespace(ns);
    jest.restoreAllMocks();
  });

  const finished = async (id: string) => {
    const p = await store.get(id);
    return p !== null && p.completed === p.total;
  };

  describe('process', () => {
    it('should resume a dead worker’s operation at its cursor on another worker', async () => {
      const first = new Actions();
      const release = first.hold(ITEMS[2].repository_id);
      const dead = startWorker(first);
      const { operation_id, total } = await service.resyncApp(APP);
      expect(total).toBe(5);
      await waitUntil(() => first.calls.length === 3, { timeoutMs: 10_000 });
      // kill -9 as far as BullMQ can tell: the lock is no longer renewed and nothing completes the job.
      await dead.worker.close(true);

      const second = new Actions();
      startWorker(second);
      await waitUntil(() => finished(operation_id), { timeoutMs: 15_000 });
      // Items 0 and 1 were counted before the crash; item 2 was in flight and is carried out again.
      expect(second.calls).toEqual(ITEMS.slice(2).map((i) => i.repository_id));
      expect(await store.get(operation_id)).toMatchObject({ completed: 5, succeeded: 5, failed: 0 });

      // The dead worker's item finishes late: it must not be counted a second time.
      release();
      await expect(dead.results[0]).resolves.toBe('superseded');
      expect(await store.get(operation_id)).toMatchObject({ completed: 5, succeeded: 5, failed: 0 });
      expect(await queue.getJobState(operation_id)).toBe('completed');
    });

    it('should hand the rest of an operation back to the queue when its worker shuts down', async () => {
      const first = new Actions();
      const release = first.hold(ITEMS[1].repository_id);
      const stopping = startWorker(first);
      const { operation_id } = await service.resyncApp(APP);
      await waitUntil(() => first.calls.length === 2, { timeoutMs: 10_000 });
      stopping.processor.beforeApplicationShutdown();
      release();
      await stopping.worker.close();
      await expect(stopping.results[0]).resolves.toBe('WaitingError');
      expect(first.calls).toEqual(ITEMS.slice(0, 2).map((i) => i.repository_id));
      expect(await queue.getJobState(operation_id)).toBe('waiting');
      expect((await store.get(operation_id))?.completed).toBe(2);

      const second = new Actions();
      startWorker(second);
      await waitUntil(() => finished(operation_id), { timeoutMs: 10_000 });
      expect(second.calls).toEqual(ITEMS.slice(2).map((i) => i.repository_id));
      expect(await store.get(operation_id)).toMatchObject({ completed: 5, succeeded: 5 });
    });
  });
});
