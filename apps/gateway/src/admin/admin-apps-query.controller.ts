import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { AppDetail, AppSummary } from './admin-read.dto';
import { AdminReadService } from './admin-read.service';
import { AdminSessionGuard } from './admin-session.guard';
import { Page } from './list-query';

@Controller('admin/api/apps')
@UseGuards(AdminSessionGuard)
export class AdminAppsQueryController {
  constructor(private readonly read: AdminReadService) {}

  /** Query: page, limit, sort_by, sort_order, search (see parseListQuery). */
  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<{ data: Page<AppSummary> }> {
    return { data: await this.read.listApps(query) };
  }

  @Get(':appId')
  async detail(@Param('appId') appId: string): Promise<{ data: AppDetail }> {
    return { data: await this.read.appDetail(appId) };
  }
}
