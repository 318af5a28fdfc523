import { Controller, Get, UseGuards } from '@nestjs/common';
import { QueueStatus } from './admin-read.dto';
import { AdminQueueService } from './admin-queue.service';
import { AdminSessionGuard } from './admin-session.guard';

@Controller('admin/api/queue')
@UseGuards(AdminSessionGuard)
export class AdminQueueController {
  constructor(private readonly queue: AdminQueueService) {}

  @Get()
  async status(): Promise<{ data: QueueStatus }> {
    return { data: await this.queue.status() };
  }
}
