import { AppError, BulkProgress, ErrorCode, Procedures } from '@lib/contracts';
import { BulkProgressStore, RpcClient } from '@lib/messaging';
import { AdminBulkController } from './admin-bulk.controller';

const APP = 'app_0123456789abcdef01234567';
const OP = 'bulk_0123456789abcdef';
const STARTED = { message: 'Bulk retry started', operation_id: OP, total: 2 };

describe(AdminBulkController.name, () => {
  let rpc: { call: jest.Mock };
  let progress: { get: jest.Mock; requestCancel: jest.Mock };
  let controller: AdminBulkController;
  const notFound = (message: string) => new AppError(ErrorCode.NotFound, message);

  beforeEach(() => {
    rpc = { call: jest.fn().mockResolvedValue(STARTED) };
    progress = { get: jest.fn().mockResolvedValue(null), requestCancel: jest.fn().mockResolvedValue(false) };
    controller = new AdminBulkController(
      rpc as unknown as RpcClient,
      progress as unknown as BulkProgressStore,
    );
  });

  describe('retryApp / resyncApp / retryAll', () => {
    it('should ask the registry to start the operation', async () => {
      await expect(controller.retryApp(APP)).resolves.toEqual({ data: STARTED });
      await controller.resyncApp(APP);
      await controller.retryAll();
      expect(rpc.call.mock.calls).toEqual([
        [Procedures.BulkRetryApp, { app_id: APP }],
        [Procedures.BulkResyncApp, { app_id: APP }],
        [Procedures.BulkRetryAll, {}],
      ]);
    });

    it.each(['app_123', `${APP}0`, APP.toUpperCase(), 'x'])(
      'should answer 404 for the malformed app id %p without asking the registry',
      async (id) => {
        await expect(controller.retryApp(id)).rejects.toEqual(
          notFound('No failed notifications for this app'),
        );
        await expect(controller.resyncApp(id)).rejects.toEqual(notFound('No repositories for this app'));
        expect(rpc.call).not.toHaveBeenCalled();
      },
    );
  });

  describe('getProgress', () => {
    it('should answer the stored progress', async () => {
      const p: BulkProgress = {
        operation_id: OP,
        total: 2,
        completed: 1,
        succeeded: 1,
        failed: 0,
        cancelled: false,
        errors: [],
      };
      progress.get.mockResolvedValue(p);
      await expect(controller.getProgress(OP)).resolves.toEqual({ data: p });
    });

    it.each([OP, 'bulk_0123', `${OP}00`, 'bulk_0123456789ABCDEF', '../bulk'])(
      'should answer 404 for the unknown or malformed id %p',
      async (id) => {
        await expect(controller.getProgress(id)).rejects.toEqual(notFound('Operation not found or expired'));
      },
    );
  });

  describe('cancel', () => {
    it('should request cancellation of an existing operation', async () => {
      progress.requestCancel.mockResolvedValue(true);
      await expect(controller.cancel(OP)).resolves.toEqual({ data: { message: 'Cancellation requested' } });
      expect(progress.requestCancel).toHaveBeenCalledWith(OP);
    });

    it('should answer 404 for an unknown operation, and not even ask for a malformed id', async () => {
      await expect(controller.cancel(OP)).rejects.toEqual(notFound('Operation not found or expired'));
      await expect(controller.cancel('bulk_nope')).rejects.toEqual(
        notFound('Operation not found or expired'),
      );
      expect(progress.requestCancel).toHaveBeenCalledTimes(1);
    });
  });
});
