import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { PeriodicTask } from '@lib/platform';
import { DataSource } from 'typeorm';

/** Rows removed per statement: short transactions, so lanes writing beside the pruner never wait long. */
const BATCH = 5000;

/**
 * Keeps the delivery log from growing without bound: every DELIVERY_LOG_PRUNE_INTERVAL_MS, deliveries that
 * completed (delivered or skipped) more than DELIVERY_LOG_RETENTION_DAYS ago are deleted with their attempts
 * (ON DELETE CASCADE). Pending and failed deliveries are never pruned, whatever their age: they are work still
 * owed to an app. What each app holds lives in acknowledged_files, and ingestion is tracked by
 * ingested_change_sets, so forgetting an old delivery changes nothing that is sent; it can no longer be
 * listed or redelivered (404).
 */
@Injectable()
export class DeliveryLogRetention implements OnApplicationBootstrap, OnModuleDestroy {
  readonly task: PeriodicTask;
  private readonly logger = new Logger('DeliveryLogRetention');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {
    this.task = new PeriodicTask('DeliveryLogRetention', config.delivery.logPruneIntervalMs, () =>
      this.pass(),
    );
  }

  private async pass(): Promise<void> {
    const { logRetentionMs } = this.config.delivery;
    if (logRetentionMs <= 0) {
      return;
    }
    const removed = await this.prune(new Date(Date.now() - logRetentionMs));
    if (removed) {
      this.logger.log(`delivery log: ${removed} deliveries completed before the retention window removed`);
    }
  }

  /** Deletes completed deliveries (and their attempts) that completed before `cutoff`; answers how many. */
  async prune(cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      // created_at <= completion, so the first condition only narrows the scan (ix_deliveries_status_created).
      // SKIP LOCKED: replicas pruning at once take disjoint rows, and a row a lane is updating is left for later.
      // A DELETE answers [rows, affected count] through TypeORM.
      const [, count] = await this.ds.query<[unknown[], number]>(
        `DELETE FROM deliveries WHERE delivery_id IN (
           SELECT delivery_id FROM deliveries
            WHERE status IN ('delivered', 'skipped') AND created_at < $1
              AND COALESCE(delivered_at, last_attempt_at, created_at) < $1
            LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)`,
        [cutoff],
      );
      total += count;
      if (count < BATCH) {
        return total;
      }
    }
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
