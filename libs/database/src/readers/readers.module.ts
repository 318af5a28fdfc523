import { Global, Module } from '@nestjs/common';
import { AdminReader } from './admin.reader';
import { AppsReader } from './apps.reader';
import { ChangeSetsReader } from './change-sets.reader';
import { DeliveriesReader } from './deliveries.reader';
import { FailedNotificationsReader } from './failed-notifications.reader';
import { ReconciliationReader } from './reconciliation.reader';
import { ScansReader } from './scans.reader';
import { SubscriptionStatusReader } from './subscription-status.reader';
import { SubscriptionsReader } from './subscriptions.reader';

/** Read-only repositories over tables other apps own (SPEC §1: one writer per table, others read through these). */
@Global()
@Module({
  providers: [
    AdminReader,
    AppsReader,
    SubscriptionsReader,
    ScansReader,
    ChangeSetsReader,
    DeliveriesReader,
    ReconciliationReader,
    SubscriptionStatusReader,
    FailedNotificationsReader,
  ],
  exports: [
    AdminReader,
    AppsReader,
    SubscriptionsReader,
    ScansReader,
    ChangeSetsReader,
    DeliveriesReader,
    ReconciliationReader,
    SubscriptionStatusReader,
    FailedNotificationsReader,
  ],
})
export class ReadersModule {}
