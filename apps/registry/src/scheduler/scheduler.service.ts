import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { PeriodicTask } from '@lib/platform';
import { RepositoriesRepository } from '../repositories/repositories.repository';
import { ScanQueue } from './scan-queue';

const BATCH = 500;

/**
 * Polling safety net (push hooks and manual syncs are the fast path): every SCAN_INTERVAL_MS, enqueue a check
 * for each repository branch whose RESCAN_INTERVAL_MS (±10 % jitter) has elapsed.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly ticks: PeriodicTask;

  constructor(
    private readonly repositories: RepositoriesRepository,
    private readonly scans: ScanQueue,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {
    this.ticks = new PeriodicTask('Scheduler', config.scan.tickMs, async () => {
      for (;;) {
        const due = await this.repositories.claimDue(this.config.scan.intervalMs, BATCH);
        for (const d of due) {
          await this.scans.enqueue(d.repository_id, d.branch, 'schedule');
        }
        if (due.length < BATCH) {
          return;
        }
      }
    });
  }

  onApplicationBootstrap(): void {
    this.ticks.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.ticks.stop();
  }
}
