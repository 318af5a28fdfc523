import { Module } from '@nestjs/common';
import { BlobStoreModule } from '@lib/blob-store';
import { AlertsService } from './deliveries/alerts.service';
import { DeliveriesRepository } from './deliveries/deliveries.repository';
import { NotifierHandlers } from './deliveries/notifier.handlers';
import { DispatcherService } from './dispatch/dispatcher.service';
import { LaneWorker } from './dispatch/lane-worker';
import { WebhookSender } from './dispatch/webhook-sender';

/** Owns deliveries, lanes and what each app acknowledged; signs and sends webhooks in order. */
@Module({
  imports: [BlobStoreModule],
  providers: [
    AlertsService,
    DeliveriesRepository,
    WebhookSender,
    LaneWorker,
    DispatcherService,
    NotifierHandlers,
  ],
})
export class NotifierModule {}
