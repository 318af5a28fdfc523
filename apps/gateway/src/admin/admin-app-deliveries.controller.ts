import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AppDeliveriesState, AppError, ErrorCode, Procedures } from '@lib/contracts';
import { RpcClient } from '@lib/messaging';
import { isAppIdFormat } from '@lib/signing';
import { AdminSessionGuard } from './admin-session.guard';

/**
 * Pause / resume an app's deliveries (SPEC §3). Delivery state belongs to the notifier, which answers these
 * procedures; events keep accumulating while paused and resume sends everything queued, in order. Resume also
 * lifts a pause caused by a `410 Gone`.
 */
@Controller('admin/api/apps/:appId')
@UseGuards(AdminSessionGuard)
export class AdminAppDeliveriesController {
  constructor(private readonly rpc: RpcClient) {}

  /** 200 {data:{app_id, paused: true, paused_reason, paused_at, queued_deliveries}}; 404 for an unknown app. */
  @Post('pause')
  @HttpCode(200)
  async pause(@Param('appId') appId: string): Promise<{ data: AppDeliveriesState }> {
    return { data: await this.rpc.call(Procedures.PauseAppDeliveries, { app_id: knownFormat(appId) }) };
  }

  /** 200 {data:{app_id, paused: false, ...}}; resuming an app that is not paused changes nothing. */
  @Post('resume')
  @HttpCode(200)
  async resume(@Param('appId') appId: string): Promise<{ data: AppDeliveriesState }> {
    return { data: await this.rpc.call(Procedures.ResumeAppDeliveries, { app_id: knownFormat(appId) }) };
  }
}

/** A malformed id names no app: 404 `App not found`, as on the other app routes. */
function knownFormat(appId: string): string {
  if (!isAppIdFormat(appId)) {
    throw new AppError(ErrorCode.NotFound, 'App not found');
  }
  return appId;
}
