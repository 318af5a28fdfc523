import { Logger } from '@nestjs/common';
import {
  AppError,
  BulkItemError,
  BulkRedeliveryJobData,
  ErrorCode,
  RedeliveryMessages,
} from '@lib/contracts';
import { DeliveryStatus } from '@lib/entities';
import { BulkProgressStore, BulkStep } from '@lib/messaging';
import { BulkRedeliveryOptions, BulkRedeliveryRunner } from './bulk-redelivery.runner';
import { DeliveryState, RedeliveryRepository } from './redelivery.repository';
import { RedeliveryService } from './redelivery.service';

/** In-memory twin of the progress record (bulk-progress.store.int-spec.ts covers the real scripts). */
class FakeProgress {
  completed = 0;
  succeeded = 0;
  failed = 0;
  started = -1;
  cancelled = false;
  errors: BulkItemError[] = [];
  get(id: string) {
    return Promise.resolve({ operation_id: id, completed: this.completed });
  }
  begin(_id: string, index: number): Promise<BulkStep> {
    if (this.cancelled) {
      return Promise.resolve('cancelled');
    }
    const resumed = this.started === index;
    this.started = index;
    return Promise.resolve(resumed ? 'resumed' : 'run');
  }
  heartbeat() {
    return Promise.resolve(this.cancelled ? 'cancelled' : 'running');
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

const job: BulkRedeliveryJobData = {
  operation_id: 'bulk_0123456789abcdef',
  delivery_ids: ['d0', 'd1', 'd2'],
  correlation_id: 'c',
};
const opts: BulkRedeliveryOptions = {
  shouldStop: () => false,
  lastAttempt: false,
  pollMs: { first: 1, max: 1 },
};
const state = (status: DeliveryStatus, last_error: string | null = null): DeliveryState => ({
  app_id: 'app_x',
  repository_id: 'repo_x',
  status,
  last_error,
});

describe(BulkRedeliveryRunner.name, () => {
  let progress: FakeProgress;
  let redeliver: jest.Mock;
  /** Per delivery: the states it goes through, one per poll (the last one stays). */
  let states: Record<string, DeliveryState[]>;
  let runner: BulkRedeliveryRunner;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    progress = new FakeProgress();
    redeliver = jest.fn().mockResolvedValue({ status: 'pending' });
    states = {};
    const deliveries = {
      state: (id: string) => {
        const seq = states[id] ?? [state(DeliveryStatus.Delivered)];
        return Promise.resolve(seq.length > 1 ? seq.shift()! : (seq[0] ?? null));
      },
    };
    runner = new BulkRedeliveryRunner(
      progress as unknown as BulkProgressStore,
      { redeliver } as unknown as RedeliveryService,
      deliveries as unknown as RedeliveryRepository,
    );
  });
  afterEach(() => jest.restoreAllMocks());

  it('should redeliver each item in order and count it once it is delivered or has failed for good', async () => {
    states.d1 = [
      state(DeliveryStatus.Pending),
      state(DeliveryStatus.Pending),
      state(DeliveryStatus.Failed, 'HTTP 500'),
    ];
    await expect(runner.run(job, opts)).resolves.toBe('done');
    expect(redeliver.mock.calls.map(([r]) => r)).toEqual(
      ['d0', 'd1', 'd2'].map((delivery_id) => ({ delivery_id, app_id: null })),
    );
    expect(progress).toMatchObject({ completed: 3, succeeded: 2, failed: 1 });
    expect(progress.errors).toEqual([
      { app_id: 'app_x', repository_id: 'repo_x', delivery_id: 'd1', error: 'HTTP 500' },
    ]);
  });

  it('should count a refused item as failed with its reason and go on', async () => {
    redeliver.mockRejectedValueOnce(new AppError(ErrorCode.Conflict, RedeliveryMessages.ContentGone));
    await expect(runner.run(job, opts)).resolves.toBe('done');
    expect(progress).toMatchObject({ completed: 3, succeeded: 2, failed: 1 });
    expect(progress.errors[0]).toMatchObject({ delivery_id: 'd0', error: RedeliveryMessages.ContentGone });
  });

  it('should wait for the item in flight at a crash instead of refusing it as pending', async () => {
    Object.assign(progress, { completed: 1, succeeded: 1, started: 1 });
    redeliver.mockRejectedValueOnce(new AppError(ErrorCode.Conflict, RedeliveryMessages.Pending));
    states.d1 = [state(DeliveryStatus.Pending), state(DeliveryStatus.Delivered)];
    await expect(runner.run(job, opts)).resolves.toBe('done');
    expect(progress).toMatchObject({ completed: 3, succeeded: 3, failed: 0 });
  });

  it('should stop without counting the item on its way once cancelled', async () => {
    states.d1 = [state(DeliveryStatus.Pending)]; // never settles
    const waiting = runner.run(job, { ...opts, pollMs: { first: 300, max: 300 } });
    setTimeout(() => (progress.cancelled = true), 50);
    await expect(waiting).resolves.toBe('cancelled');
    expect(progress).toMatchObject({ completed: 1, succeeded: 1 });
    expect(redeliver).toHaveBeenCalledTimes(2);
  });

  it('should hand the rest back when the process stops, and rethrow unexpected errors until the last attempt', async () => {
    states.d0 = [state(DeliveryStatus.Pending)];
    let stop = false;
    const stopping = runner.run(job, { ...opts, shouldStop: () => stop });
    stop = true;
    await expect(stopping).resolves.toBe('interrupted');
    expect(progress.completed).toBe(0);

    delete states.d0;
    redeliver.mockRejectedValueOnce(new Error('connection reset'));
    await expect(runner.run(job, opts)).rejects.toThrow('connection reset');
    redeliver.mockRejectedValueOnce(new Error('password=secret'));
    await expect(runner.run(job, { ...opts, lastAttempt: true })).resolves.toBe('done');
    expect(progress.errors).toEqual([
      { app_id: 'app_x', repository_id: 'repo_x', delivery_id: 'd0', error: 'Internal error' },
    ]);
  });
});
