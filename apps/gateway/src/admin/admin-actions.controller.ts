import { Body, Controller, Delete, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AppError, DeleteAppResult, ErrorCode, Procedures, SubscriptionActionBody } from '@lib/contracts';
import { RpcClient } from '@lib/messaging';
import { AdminSessionGuard } from './admin-session.guard';

/** v1 §3.2 retry / resync of one subscription, and app deletion; the registry carries them out. */
@Controller('admin/api')
@UseGuards(AdminSessionGuard)
export class AdminActionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('retry')
  @HttpCode(200)
  async retry(@Body() body: SubscriptionActionBody): Promise<{ data: { message: string; job_id: string } }> {
    return { data: await this.rpc.call(Procedures.Retry, body) };
  }

  @Post('resync')
  @HttpCode(200)
  async resync(@Body() body: SubscriptionActionBody): Promise<{ data: { message: string; job_id: string } }> {
    return { data: await this.rpc.call(Procedures.Resync, body) };
  }

  @Delete('apps/:appId')
  @HttpCode(200)
  async deleteApp(@Param('appId') appId: string): Promise<{ data: DeleteAppResult }> {
    if (!/^app_[0-9a-f]{24}$/.test(appId)) {
      throw new AppError(ErrorCode.NotFound, 'App not found');
    }
    return { data: await this.rpc.call(Procedures.DeleteApp, { app_id: appId }) };
  }
}
