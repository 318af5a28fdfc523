import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { BlobStoreModule } from '@lib/blob-store';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { Queues } from '@lib/contracts';
import { BulkProgressStore } from '@lib/messaging';
import { AlertsService } from './deliveries/alerts.service';
import { DeliveriesRepository } from './deliveries/deliveries.repository';
import { DeliveryLogRetention } from './deliveries/delivery-log-retention';
import { NotifierHandlers } from './deliveries/notifier.handlers';
import { DeliveryOutcomesRepository } from './dispatch/delivery-outcomes.repository';
import { DispatcherService } from './dispatch/dispatcher.service';
import { LaneQueueRepository } from './dispatch/lane-queue.repository';
import { LaneWorker } from './dispatch/lane-worker';
import { LanesRepository } from './dispatch/lanes.repository';
import { DeliveriesPauseHandlers } from './health/deliveries-pause.handlers';
import { EndpointBreaker } from './health/endpoint-breaker';
import { EndpointHealthRepository } from './health/endpoint-health.repository';
import { SendTargetResolver } from './http/send-target';
import { WebhookSender } from './http/webhook-sender';
import { BulkRedeliveryProcessor } from './redelivery/bulk-redelivery.processor';
import { BulkRedeliveryRunner } from './redelivery/bulk-redelivery.runner';
import { BulkRedeliveryService } from './redelivery/bulk-redelivery.service';
import { RedeliveryHandlers } from './redelivery/redelivery.handlers';
import { RedeliveryRepository } from './redelivery/redelivery.repository';
import { RedeliveryService } from './redelivery/redelivery.service';

/**
 * Owns deliveries, attempts, lanes, endpoint health and what each app acknowledged; signs and sends webhooks;
 * redelivers on request and runs admin bulk redeliveries (its own queue).
 */
@Module({
  imports: [BlobStoreModule, BullModule.registerQueue({ name: Queues.BulkRedeliveries })],
  providers: [
    AlertsService,
    DeliveriesRepository,
    DeliveryLogRetention,
    LanesRepository,
    LaneQueueRepository,
    DeliveryOutcomesRepository,
    EndpointHealthRepository,
    EndpointBreaker,
    {
      provide: WebhookSender,
      useFactory: (config: DocoraConfig) =>
        new WebhookSender(new SendTargetResolver({ allowPrivate: config.delivery.allowPrivateUrls })),
      inject: [DOCORA_CONFIG],
    },
    LaneWorker,
    DispatcherService,
    NotifierHandlers,
    DeliveriesPauseHandlers,
    RedeliveryRepository,
    RedeliveryService,
    RedeliveryHandlers,
    BulkProgressStore,
    BulkRedeliveryService,
    BulkRedeliveryRunner,
    BulkRedeliveryProcessor,
  ],
})
export class NotifierModule {}
