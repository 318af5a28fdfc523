import { Controller, Get, UseGuards } from '@nestjs/common';
import { OverviewMetrics } from './admin-read.dto';
import { AdminReadService } from './admin-read.service';
import { AdminSessionGuard } from './admin-session.guard';

@Controller('admin/api/overview')
@UseGuards(AdminSessionGuard)
export class AdminOverviewController {
  constructor(private readonly read: AdminReadService) {}

  @Get()
  async overview(): Promise<{ data: OverviewMetrics }> {
    return { data: await this.read.overview() };
  }
}
