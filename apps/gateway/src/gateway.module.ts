import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Queues } from '@lib/contracts';
import { BulkProgressStore } from '@lib/messaging';
import { AdminActionsController } from './admin/admin-actions.controller';
import { AdminAppDeliveriesController } from './admin/admin-app-deliveries.controller';
import { AdminAppMaintenanceController } from './admin/admin-app-maintenance.controller';
import { AdminAppsController } from './admin/admin-apps.controller';
import { AdminAppsQueryController } from './admin/admin-apps-query.controller';
import { AdminAuthController } from './admin/admin-auth.controller';
import { AdminBulkController } from './admin/admin-bulk.controller';
import { AdminDeliveriesController } from './admin/admin-deliveries.controller';
import { AdminFailedNotificationsController } from './admin/admin-failed-notifications.controller';
import { AdminFailedNotificationsService } from './admin/admin-failed-notifications.service';
import { AdminOverviewController } from './admin/admin-overview.controller';
import { AdminQueueController } from './admin/admin-queue.controller';
import { AdminQueueService } from './admin/admin-queue.service';
import { AdminReadService } from './admin/admin-read.service';
import { AdminSessionGuard } from './admin/admin-session.guard';
import { AdminSessionService } from './admin/admin-session.service';
import { AdminUiController, adminUiBundleProvider } from './admin-ui/admin-ui.controller';
import { BearerAuthGuard } from './auth/bearer-auth.guard';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { DeliveryLogService } from './deliveries/delivery-log.service';
import { DocsController } from './docs/docs.controller';
import { PushHooksController } from './hooks/push-hooks.controller';
import { PushHooksService } from './hooks/push-hooks.service';
import { RepositoriesController } from './repositories/repositories.controller';
import { VersionController } from './version/version.controller';

/** The only HTTP edge: public API, admin API and web UI; stateless apart from admin sessions in Redis. */
@Module({
  // The admin queue view reads the scan queue (counts and waiting jobs); the gateway never processes it.
  imports: [BullModule.registerQueue({ name: Queues.Scan })],
  controllers: [
    RepositoriesController,
    DeliveriesController,
    AdminAuthController,
    AdminAppsController,
    AdminOverviewController,
    AdminAppsQueryController,
    AdminQueueController,
    AdminAppMaintenanceController,
    AdminAppDeliveriesController,
    AdminActionsController,
    AdminFailedNotificationsController,
    AdminBulkController,
    AdminDeliveriesController,
    VersionController,
    DocsController,
    PushHooksController,
    // Last: its /admin/* fallback must not shadow the admin API routes above.
    AdminUiController,
  ],
  providers: [
    BearerAuthGuard,
    AdminSessionService,
    AdminSessionGuard,
    AdminReadService,
    AdminQueueService,
    AdminFailedNotificationsService,
    BulkProgressStore,
    PushHooksService,
    DeliveryLogService,
    adminUiBundleProvider,
  ],
})
export class GatewayModule {}
