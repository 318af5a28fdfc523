import { Global, Module } from '@nestjs/common';
import { AppsReader } from './apps.reader';
import { ChangeSetsReader } from './change-sets.reader';
import { ReconciliationReader } from './reconciliation.reader';
import { ScansReader } from './scans.reader';
import { SubscriptionsReader } from './subscriptions.reader';

/** Read-only repositories over tables other apps own (SPEC §1: one writer per table, others read through these). */
@Global()
@Module({
  providers: [AppsReader, SubscriptionsReader, ScansReader, ChangeSetsReader, ReconciliationReader],
  exports: [AppsReader, SubscriptionsReader, ScansReader, ChangeSetsReader, ReconciliationReader],
})
export class ReadersModule {}
