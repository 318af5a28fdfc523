import { Logger } from '@nestjs/common';
import { AppError, BulkItemError, BulkOperationJobData, ErrorCode, SubscriptionRef } from '@lib/contracts';
import { BulkProgressStore, BulkStep } from '@lib/messaging';
import { AdminActionsService } from '../admin-actions/admin-actions.service';
import { BulkOperationRunner, BulkRunOptions } from './bulk-operation.runner';

const ref = (n: number): SubscriptionRef => ({
  app_id: `app_${String(n).padStart(24, '0')}`,
  repository_id: `repo_${String(n).padStart(24, '0')}`,
});

/** In-memory twin of the Redis record's semantics (bulk-progress.store.int-spec.ts covers the real scripts). */
class FakeProgress {
  completed = 0;
  succeeded = 0;
  failed = 0;
  started = -1;
  cancelled = false;
  exists = true;
  errors: BulkItemError[] = [];
  readonly begun: number[] = [];
  /** Called inside begin(), e.g. to cancel while an item is under way. */
  onBegin: (index: number) => void = () => undefined;

  get(id: string) {
    return Promise.resolve(this.exists ? { operation_id: id, completed: this.completed } : null);
  }

  begin(_id: string, index: number): Promise<BulkStep> {
    this.onBegin(index);
    if (!this.exists) {
      return Promise.resolve('gone');
    }
    if (this.cancelled) {
      return Promise.resolve('cancelled');
    }
    if (index !== this.completed) {
      return Promise.resolve('moved');
    }
    this.begun.push(index);
    const resumed = this.started === index;
    this.started = index;
    return Promise.resolve(resumed ? 'resumed' : 'run');
  }

  record(_id: string, index: number, error: BulkItemError | null): Promise<boolean> {
    if (index !== this.completed) {
      return Promise.resolve(false);
    }
    this.completed++;
    if (error) {
      this.failed++;
      this.errors.push(error);
    } else {
      this.succeeded++;
    }
    return Promise.resolve(true);
  }
}

describe(BulkOperationRunner.name, () => {
  let progress: FakeProgress;
  let actions: { retry: jest.Mock; resync: jest.Mock };
  let runner: BulkOperationRunner;
  const opts: BulkRunOptions = { shouldStop: () => false, lastAttempt: false };
  const job = (kind: 'retry' | 'resync', n: number): BulkOperationJobData => ({
    operation_id: 'bulk_0123456789abcdef',
    kind,
    items: Array.from({ length: n }, (_, i) => ref(i)),
    correlation_id: 'c',
  });

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    progress = new FakeProgress();
    actions = {
      retry: jest.fn().mockResolvedValue({ message: 'Retry queued' }),
      resync: jest.fn().mockResolvedValue({ message: 'Re-sync queued' }),
    };
    runner = new BulkOperationRunner(
      progress as unknown as BulkProgressStore,
      actions as unknown as AdminActionsService,
    );
  });

  afterEach(() => jest.restoreAllMocks());

  describe('run', () => {
    it('should carry out every item in order and count each once', async () => {
      await expect(runner.run(job('resync', 3), opts)).resolves.toBe('done');
      expect(actions.resync.mock.calls.map(([r]) => r)).toEqual([ref(0), ref(1), ref(2)]);
      expect(actions.retry).not.toHaveBeenCalled();
      expect(progress).toMatchObject({ completed: 3, succeeded: 3, failed: 0 });
    });

    it('should count a refused item as failed with its reason and go on', async () => {
      actions.retry.mockRejectedValueOnce(
        new AppError(ErrorCode.Conflict, 'Only failed entries can be retried'),
      );
      await expect(runner.run(job('retry', 2), opts)).resolves.toBe('done');
      expect(progress).toMatchObject({ completed: 2, succeeded: 1, failed: 1 });
      expect(progress.errors).toEqual([{ ...ref(0), error: 'Only failed entries can be retried' }]);
    });

    it('should resume at the stored cursor without redoing counted items', async () => {
      progress.completed = 2;
      progress.succeeded = 2;
      await expect(runner.run(job('retry', 4), opts)).resolves.toBe('done');
      expect(actions.retry.mock.calls.map(([r]) => r)).toEqual([ref(2), ref(3)]);
      expect(progress).toMatchObject({ completed: 4, succeeded: 4 });
    });

    it('should count the item in flight at a crash as done when its retry already took effect', async () => {
      Object.assign(progress, { completed: 1, succeeded: 1, started: 1 });
      actions.retry.mockRejectedValueOnce(
        new AppError(ErrorCode.Conflict, 'Only failed entries can be retried'),
      );
      await runner.run(job('retry', 2), opts);
      expect(progress).toMatchObject({ completed: 2, succeeded: 2, failed: 0 });
    });

    it('should still count a conflict as failed on an item that was not in flight', async () => {
      Object.assign(progress, { completed: 1, succeeded: 1, started: 0 });
      actions.retry.mockRejectedValueOnce(
        new AppError(ErrorCode.Conflict, 'Only failed entries can be retried'),
      );
      await runner.run(job('retry', 2), opts);
      expect(progress).toMatchObject({ completed: 2, succeeded: 1, failed: 1 });
    });

    it('should stop before the next item once cancelled', async () => {
      progress.onBegin = (i) => (progress.cancelled = i === 2);
      await expect(runner.run(job('resync', 5), opts)).resolves.toBe('cancelled');
      expect(actions.resync).toHaveBeenCalledTimes(2);
      expect(progress).toMatchObject({ completed: 2, succeeded: 2 });
    });

    it('should do nothing when the operation has expired', async () => {
      progress.exists = false;
      await expect(runner.run(job('retry', 2), opts)).resolves.toBe('expired');
      expect(actions.retry).not.toHaveBeenCalled();
    });

    it('should stop when another worker has moved the cursor', async () => {
      progress.onBegin = (i) => {
        if (i === 1) {
          progress.completed = 2;
        }
      };
      await expect(runner.run(job('retry', 3), opts)).resolves.toBe('superseded');
      expect(actions.retry).toHaveBeenCalledTimes(1);
    });

    it('should hand back the rest when the process is stopping', async () => {
      let calls = 0;
      const stopAfterOne: BulkRunOptions = { shouldStop: () => calls++ >= 1, lastAttempt: false };
      await expect(runner.run(job('resync', 3), stopAfterOne)).resolves.toBe('interrupted');
      expect(progress.completed).toBe(1);
    });

    it('should throw an unexpected error so that the job is retried from the same item', async () => {
      actions.resync.mockResolvedValueOnce({}).mockRejectedValueOnce(new Error('connection reset'));
      await expect(runner.run(job('resync', 3), opts)).rejects.toThrow('connection reset');
      expect(progress).toMatchObject({ completed: 1, started: 1 });
    });

    it('should count an unexpected error as a failed item on the last attempt, without its message', async () => {
      actions.resync.mockRejectedValueOnce(new Error('password=secret'));
      await expect(runner.run(job('resync', 2), { ...opts, lastAttempt: true })).resolves.toBe('done');
      expect(progress).toMatchObject({ completed: 2, succeeded: 1, failed: 1 });
      expect(progress.errors).toEqual([{ ...ref(0), error: 'Internal error' }]);
    });
  });
});
