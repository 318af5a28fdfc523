import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { AdminFailedNotificationsService, FailedNotification } from './admin-failed-notifications.service';
import { AdminSessionGuard } from './admin-session.guard';
import { Page } from './list-query';

@Controller('admin/api/notifications/failed')
@UseGuards(AdminSessionGuard)
export class AdminFailedNotificationsController {
  constructor(private readonly failed: AdminFailedNotificationsService) {}

  /** Query: page, limit, sort_by (app_name, repository_name, retry_count, last_scanned_at), sort_order, search. */
  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<{ data: Page<FailedNotification> }> {
    return { data: await this.failed.list(query) };
  }
}
