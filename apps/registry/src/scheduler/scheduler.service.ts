import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { RepositoriesRepository } from '../repositories/repositories.repository';
import { ScanQueue } from './scan-queue';

/**
 * Polling safety net (push hooks and manual syncs are the fast path): every SCAN_INTERVAL_MS, enqueue a check
 * for each repository branch whose RESCAN_INTERVAL_MS (±10 % jitter) has elapsed.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly repositories: RepositoriesRepository,
    private readonly scans: ScanQueue,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.scan.tickMs);
    void this.tick();
  }

  /** Claims due branches in batches until none is due. */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        for (;;) {
          const due = await this.repositories.claimDue(this.config.scan.intervalMs, 500);
          for (const d of due) {
            await this.scans.enqueue(d.repository_id, d.branch, 'schedule');
          }
          if (due.length < 500) {
            break;
          }
        }
      } catch (e) {
        this.logger.warn(`scheduler pass failed: ${(e as Error).message}`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
