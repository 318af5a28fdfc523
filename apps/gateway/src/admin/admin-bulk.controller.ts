import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  AppError,
  BulkMessages,
  BulkOperationStarted,
  BulkProgress,
  ErrorCode,
  isBulkOperationId,
  Procedures,
} from '@lib/contracts';
import { BulkProgressStore, RpcClient } from '@lib/messaging';
import { isAppIdFormat } from '@lib/signing';
import { AdminSessionGuard } from './admin-session.guard';

function appIdOr404(appId: string, message: string): string {
  if (!isAppIdFormat(appId)) {
    throw new AppError(ErrorCode.NotFound, message);
  }
  return appId;
}

function operationIdOr404(id: string): string {
  if (!isBulkOperationId(id)) {
    throw new AppError(ErrorCode.NotFound, BulkMessages.OperationNotFound);
  }
  return id;
}

/**
 * v1 §3.2 bulk retry / resync with progress and cancel. The registry starts and runs them (a queued job);
 * progress and cancellation go straight to their Redis record, so they answer even while the registry restarts.
 */
@Controller('admin/api')
@UseGuards(AdminSessionGuard)
export class AdminBulkController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly progress: BulkProgressStore,
  ) {}

  @Post('retry/app/:appId')
  @HttpCode(200)
  async retryApp(@Param('appId') appId: string): Promise<{ data: BulkOperationStarted }> {
    const app_id = appIdOr404(appId, BulkMessages.NoFailedForApp);
    return { data: await this.rpc.call(Procedures.BulkRetryApp, { app_id }) };
  }

  @Post('retry/all')
  @HttpCode(200)
  async retryAll(): Promise<{ data: BulkOperationStarted }> {
    return { data: await this.rpc.call(Procedures.BulkRetryAll, {}) };
  }

  @Post('resync/app/:appId')
  @HttpCode(200)
  async resyncApp(@Param('appId') appId: string): Promise<{ data: BulkOperationStarted }> {
    const app_id = appIdOr404(appId, BulkMessages.NoRepositoriesForApp);
    return { data: await this.rpc.call(Procedures.BulkResyncApp, { app_id }) };
  }

  @Get('retry/progress/:operationId')
  async getProgress(@Param('operationId') operationId: string): Promise<{ data: BulkProgress }> {
    const progress = await this.progress.get(operationIdOr404(operationId));
    if (!progress) {
      throw new AppError(ErrorCode.NotFound, BulkMessages.OperationNotFound);
    }
    return { data: progress };
  }

  /** 404 for an unknown or expired operation (v1 answered 200 and created a permanent record). */
  @Post('retry/cancel/:operationId')
  @HttpCode(200)
  async cancel(@Param('operationId') operationId: string): Promise<{ data: { message: string } }> {
    if (!(await this.progress.requestCancel(operationIdOr404(operationId)))) {
      throw new AppError(ErrorCode.NotFound, BulkMessages.OperationNotFound);
    }
    return { data: { message: BulkMessages.CancellationRequested } };
  }
}
