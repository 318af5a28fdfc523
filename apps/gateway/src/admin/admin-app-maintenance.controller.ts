import { Body, Controller, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import {
  AppError,
  ErrorCode,
  Procedures,
  RotateClientKeyBody,
  RotatedAppToken,
  RotatedClientKey,
  UpdateAppBody,
} from '@lib/contracts';
import { RpcClient } from '@lib/messaging';
import { isAppIdFormat } from '@lib/signing';
import { AppDetail } from './admin-read.dto';
import { AdminReadService } from './admin-read.service';
import { AdminSessionGuard } from './admin-session.guard';

/** A malformed id names no app: 404 `App not found`, as on the read routes. */
function knownFormat(appId: string): string {
  if (!isAppIdFormat(appId)) {
    throw new AppError(ErrorCode.NotFound, 'App not found');
  }
  return appId;
}

/** Writes to `apps` belong to the registry: these routes ask it over request/reply. */
@Controller('admin/api/apps/:appId')
@UseGuards(AdminSessionGuard)
export class AdminAppMaintenanceController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly read: AdminReadService,
  ) {}

  /** 200 {data:{app_id, token}}: the new bearer token, shown this once; the previous one is refused from now on. */
  @Post('token')
  @HttpCode(200)
  async rotateToken(@Param('appId') appId: string): Promise<{ data: RotatedAppToken }> {
    return { data: await this.rpc.call(Procedures.RotateAppToken, { app_id: knownFormat(appId) }) };
  }

  /**
   * 200 {data:{app_id, rotated_at, previous_key_expires_at}}: the new client_auth_key signs from now on; the
   * replaced one also signs (Standard Webhooks signature only) until previous_key_expires_at. 409 for the
   * current key.
   */
  @Post('client-key')
  @HttpCode(200)
  async rotateClientKey(
    @Param('appId') appId: string,
    @Body() body: RotateClientKeyBody,
  ): Promise<{ data: RotatedClientKey }> {
    return { data: await this.rpc.call(Procedures.RotateClientKey, { ...body, app_id: knownFormat(appId) }) };
  }

  /** Any of base_url (SSRF-checked, 422), app_name, email, website, description → 200 {data: AppDetail}. */
  @Patch()
  async update(@Param('appId') appId: string, @Body() body: UpdateAppBody): Promise<{ data: AppDetail }> {
    await this.rpc.call(Procedures.UpdateApp, { ...body, app_id: knownFormat(appId) });
    return { data: await this.read.appDetail(appId) };
  }
}
