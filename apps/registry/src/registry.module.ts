import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Queues } from '@lib/contracts';
import { AppsRepository } from './onboarding/apps.repository';
import { AppsService } from './onboarding/apps.service';
import { RegistryHandlers } from './registry.handlers';
import { GithubClient } from './repositories/github.client';
import { RegistrationService } from './repositories/registration.service';
import { RepositoriesRepository } from './repositories/repositories.repository';
import { ScanQueue } from './scheduler/scan-queue';
import { SchedulerService } from './scheduler/scheduler.service';

/** Owns apps, repositories and subscriptions; decides which branches are due and enqueues their checks. */
@Module({
  imports: [BullModule.registerQueue({ name: Queues.Scan })],
  providers: [
    AppsRepository,
    AppsService,
    RepositoriesRepository,
    GithubClient,
    RegistrationService,
    ScanQueue,
    SchedulerService,
    RegistryHandlers,
  ],
})
export class RegistryModule {}
