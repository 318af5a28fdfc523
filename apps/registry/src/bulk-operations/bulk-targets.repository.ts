import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SubscriptionRef } from '@lib/contracts';
import { DataSource } from 'typeorm';

/** Targets of a bulk resync: the registry's own subscriptions (failed ones come from FailedNotificationsReader). */
@Injectable()
export class BulkTargetsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  subscriptionsOfApp(appId: string): Promise<SubscriptionRef[]> {
    return this.ds.query<SubscriptionRef[]>(
      `SELECT app_id, repository_id FROM subscriptions WHERE app_id = $1 ORDER BY created_at, repository_id`,
      [appId],
    );
  }
}
