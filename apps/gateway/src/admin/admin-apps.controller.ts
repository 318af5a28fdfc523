import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { OnboardAppRequest, OnboardAppResponse, Procedures } from '@lib/contracts';
import { RpcClient } from '@lib/messaging';
import { AdminSessionGuard } from './admin-session.guard';

@Controller('admin/api/apps')
@UseGuards(AdminSessionGuard)
export class AdminAppsController {
  constructor(private readonly rpc: RpcClient) {}

  /** 201 {data:{app_id, token, created_at}}; the token is shown this once. */
  @Post('onboard')
  @HttpCode(201)
  async onboard(@Body() body: OnboardAppRequest): Promise<{ data: OnboardAppResponse }> {
    return { data: await this.rpc.call(Procedures.OnboardApp, body) };
  }
}
