import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Queues } from '@lib/contracts';
import { BulkProgressStore } from '@lib/messaging';
import { AdminHandlers } from './admin/admin.handlers';
import { AppMaintenanceRepository } from './admin/app-maintenance.repository';
import { AppMaintenanceService } from './admin/app-maintenance.service';
import { AdminActionsHandlers } from './admin-actions/admin-actions.handlers';
import { AdminActionsService } from './admin-actions/admin-actions.service';
import { BulkOperationRunner } from './bulk-operations/bulk-operation.runner';
import { BulkOperationsHandlers } from './bulk-operations/bulk-operations.handlers';
import { BulkOperationsProcessor } from './bulk-operations/bulk-operations.processor';
import { BulkOperationsService } from './bulk-operations/bulk-operations.service';
import { BulkTargetsRepository } from './bulk-operations/bulk-targets.repository';
import { AppsRepository } from './onboarding/apps.repository';
import { AppsService } from './onboarding/apps.service';
import { PushHooksHandlers } from './push-hooks/push-hooks.handlers';
import { PushHooksRepository } from './push-hooks/push-hooks.repository';
import { PushHooksService } from './push-hooks/push-hooks.service';
import { RegistryHandlers } from './registry.handlers';
import { GithubClient } from './repositories/github.client';
import { RegistrationService } from './repositories/registration.service';
import { RepositoriesRepository } from './repositories/repositories.repository';
import { ScanQueue } from './scheduler/scan-queue';
import { SchedulerService } from './scheduler/scheduler.service';
import { SubscriptionsRepository } from './subscriptions/subscriptions.repository';
import { SubscriptionsService } from './subscriptions/subscriptions.service';

/** Owns apps, repositories and subscriptions; decides which branches are due and enqueues their checks. */
@Module({
  imports: [BullModule.registerQueue({ name: Queues.Scan }, { name: Queues.BulkOperations })],
  providers: [
    AppsRepository,
    AppsService,
    RepositoriesRepository,
    GithubClient,
    RegistrationService,
    ScanQueue,
    SchedulerService,
    RegistryHandlers,
    AppMaintenanceRepository,
    AppMaintenanceService,
    AdminHandlers,
    SubscriptionsRepository,
    SubscriptionsService,
    AdminActionsService,
    AdminActionsHandlers,
    BulkProgressStore,
    BulkTargetsRepository,
    BulkOperationsService,
    BulkOperationsHandlers,
    BulkOperationRunner,
    BulkOperationsProcessor,
    PushHooksRepository,
    PushHooksService,
    PushHooksHandlers,
  ],
})
export class RegistryModule {}
