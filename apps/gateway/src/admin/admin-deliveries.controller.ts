import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { Redelivered } from '@lib/contracts';
import type { Response } from 'express';
import { DeliveryIdPipe } from '../deliveries/delivery-id.pipe';
import { BulkRedeliveryAnswer, DeliveryLogService } from '../deliveries/delivery-log.service';
import { DeliveryLogDetail, DeliveryLogItem } from '../deliveries/delivery-view';
import { AdminSessionGuard } from './admin-session.guard';
import { Page } from './list-query';

/**
 * The admin delivery log (SPEC §3): every app's deliveries with all their attempts, redelivery of one, and bulk
 * redelivery by filter (dry run for the count first; progress and cancel as the other bulk operations).
 */
@Controller('admin/api/deliveries')
@UseGuards(AdminSessionGuard)
export class AdminDeliveriesController {
  constructor(private readonly log: DeliveryLogService) {}

  /** Query: app_id, repository_id, status, event, since, until, page, limit. */
  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<{ data: Page<DeliveryLogItem> }> {
    return { data: await this.log.list(query, null) };
  }

  /**
   * Dry run → 200 {total}; started → 202 {operation_id, total}; nothing matched → 200 {operation_id: null,
   * total: 0} (no operation is created).
   */
  @Post('redeliver')
  async bulk(
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ data: BulkRedeliveryAnswer }> {
    const { dryRun, answer } = await this.log.bulk(body);
    res.status(!dryRun && 'operation_id' in answer && answer.operation_id !== null ? 202 : 200);
    return { data: answer };
  }

  @Get(':delivery_id')
  async detail(@Param('delivery_id', DeliveryIdPipe) id: string): Promise<{ data: DeliveryLogDetail }> {
    return { data: await this.log.detail(id, null) };
  }

  /** Any app's delivery, with the public route's semantics. */
  @Post(':delivery_id/redeliver')
  @HttpCode(202)
  async redeliver(@Param('delivery_id', DeliveryIdPipe) id: string): Promise<{ data: Redelivered }> {
    return { data: await this.log.redeliver(id, null) };
  }
}
