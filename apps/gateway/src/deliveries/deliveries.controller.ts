import { Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { Redelivered } from '@lib/contracts';
import { Page } from '../admin/list-query';
import { AuthenticatedRequest, BearerAuthGuard } from '../auth/bearer-auth.guard';
import { DeliveryIdPipe } from './delivery-id.pipe';
import { DeliveryLogService } from './delivery-log.service';
import { DeliveryLogDetail, DeliveryLogItem } from './delivery-view';

/** The caller's own delivery log (SPEC §2); another app's delivery is a 404. */
@Controller('api/deliveries')
@UseGuards(BearerAuthGuard)
export class DeliveriesController {
  constructor(private readonly log: DeliveryLogService) {}

  /** Query: repository_id, status, event, since, until, page, limit (see parseDeliveryListQuery). */
  @Get()
  async list(
    @Req() req: AuthenticatedRequest,
    @Query() query: Record<string, unknown>,
  ): Promise<{ data: Page<DeliveryLogItem> }> {
    return { data: await this.log.list(query, req.appId) };
  }

  @Get(':delivery_id')
  async detail(
    @Req() req: AuthenticatedRequest,
    @Param('delivery_id', DeliveryIdPipe) id: string,
  ): Promise<{ data: DeliveryLogDetail }> {
    return { data: await this.log.detail(id, req.appId) };
  }

  /** 202: back in its lane, same delivery id, next attempt number; 409 pending / skipped / content gone. */
  @Post(':delivery_id/redeliver')
  @HttpCode(202)
  async redeliver(
    @Req() req: AuthenticatedRequest,
    @Param('delivery_id', DeliveryIdPipe) id: string,
  ): Promise<{ data: Redelivered }> {
    return { data: await this.log.redeliver(id, req.appId) };
  }
}
