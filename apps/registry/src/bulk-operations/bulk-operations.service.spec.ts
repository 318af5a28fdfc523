import { AppError, ErrorCode, JobNames } from '@lib/contracts';
import { FailedNotificationsReader } from '@lib/database';
import { BulkProgressStore } from '@lib/messaging';
import { Queue } from 'bullmq';
import { BULK_JOB_ATTEMPTS, BulkOperationsService } from './bulk-operations.service';
import { BulkTargetsRepository } from './bulk-targets.repository';

const APP = 'app_0123456789abcdef01234567';
const ref = (n: number) => ({ app_id: APP, repository_id: `repo_${String(n).padStart(24, '0')}` });

describe(BulkOperationsService.name, () => {
  let failed: { failedSubscriptions: jest.Mock };
  let targets: { subscriptionsOfApp: jest.Mock };
  let progress: { create: jest.Mock; remove: jest.Mock };
  let queue: { add: jest.Mock };
  let service: BulkOperationsService;
  const notFound = (message: string) => new AppError(ErrorCode.NotFound, message);

  beforeEach(() => {
    failed = { failedSubscriptions: jest.fn().mockResolvedValue([ref(1), ref(2)]) };
    targets = { subscriptionsOfApp: jest.fn().mockResolvedValue([ref(1), ref(2), ref(3)]) };
    progress = {
      create: jest.fn().mockResolvedValue(undefined),
      remove: jest.fn().mockResolvedValue(undefined),
    };
    queue = { add: jest.fn().mockResolvedValue({}) };
    service = new BulkOperationsService(
      failed as unknown as FailedNotificationsReader,
      targets as unknown as BulkTargetsRepository,
      progress as unknown as BulkProgressStore,
      queue as unknown as Queue,
    );
  });

  describe('retryApp', () => {
    it('should record the progress, then queue one durable job holding the snapshot of targets', async () => {
      const started = await service.retryApp(APP);
      expect(started).toEqual({
        message: 'Bulk retry started',
        operation_id: expect.stringMatching(/^bulk_[0-9a-f]{16}$/),
        total: 2,
      });
      expect(failed.failedSubscriptions).toHaveBeenCalledWith(APP);
      expect(progress.create).toHaveBeenCalledWith(started.operation_id, 2);
      expect(queue.add).toHaveBeenCalledWith(
        JobNames.RunBulkOperation,
        {
          operation_id: started.operation_id,
          kind: 'retry',
          items: [ref(1), ref(2)],
          correlation_id: expect.any(String),
        },
        expect.objectContaining({ jobId: started.operation_id, attempts: BULK_JOB_ATTEMPTS }),
      );
      expect(progress.create.mock.invocationCallOrder[0]).toBeLessThan(queue.add.mock.invocationCallOrder[0]);
    });

    it('should answer 404 when the app has no failed subscription, or for a malformed id', async () => {
      failed.failedSubscriptions.mockResolvedValue([]);
      await expect(service.retryApp(APP)).rejects.toEqual(notFound('No failed notifications for this app'));
      await expect(service.retryApp('app_x')).rejects.toEqual(
        notFound('No failed notifications for this app'),
      );
      expect(failed.failedSubscriptions).toHaveBeenCalledTimes(1);
      expect(progress.create).not.toHaveBeenCalled();
    });

    it('should drop the progress record when the job cannot be queued', async () => {
      queue.add.mockRejectedValue(new Error('redis down'));
      await expect(service.retryApp(APP)).rejects.toThrow('redis down');
      expect(progress.remove).toHaveBeenCalledWith(progress.create.mock.calls[0][0]);
    });
  });

  describe('retryAll', () => {
    it('should target every failed subscription, and 404 when there is none', async () => {
      await expect(service.retryAll()).resolves.toMatchObject({ message: 'Bulk retry started', total: 2 });
      expect(failed.failedSubscriptions).toHaveBeenCalledWith(null);
      failed.failedSubscriptions.mockResolvedValue([]);
      await expect(service.retryAll()).rejects.toEqual(notFound('No failed notifications found'));
    });
  });

  describe('resyncApp', () => {
    it('should target every subscription of the app, and 404 when it has none', async () => {
      await expect(service.resyncApp(APP)).resolves.toMatchObject({
        message: 'Bulk re-sync started',
        total: 3,
      });
      expect(queue.add.mock.calls[0][1]).toMatchObject({ kind: 'resync', items: [ref(1), ref(2), ref(3)] });
      targets.subscriptionsOfApp.mockResolvedValue([]);
      await expect(service.resyncApp(APP)).rejects.toEqual(notFound('No repositories for this app'));
    });
  });
});
