import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BlobGarbageCollector } from '@lib/blob-store';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { SubscriptionsReader } from '@lib/database';
import { PeriodicTask } from '@lib/platform';
import { RepoStateRepository } from '../scan/repo-state.repository';
import { RepositoryLock } from '../scan/repository-lock';

/**
 * Every BLOB_GC_INTERVAL_MS: forget the state of branches nobody watches any more (a subscription moved to
 * another branch), then collect the blobs nothing references (see BlobGarbageCollector). The scanner owns both:
 * it writes the listings and the blob store.
 */
@Injectable()
export class ScannerMaintenance implements OnApplicationBootstrap, OnModuleDestroy {
  readonly task: PeriodicTask;
  private readonly logger = new Logger('ScannerMaintenance');

  constructor(
    private readonly gc: BlobGarbageCollector,
    private readonly subscriptions: SubscriptionsReader,
    private readonly state: RepoStateRepository,
    private readonly lock: RepositoryLock,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {
    this.task = new PeriodicTask('ScannerMaintenance', config.blobGc.intervalMs, () => this.pass());
  }

  async pass(): Promise<void> {
    for (const b of await this.subscriptions.unwatchedBranches(100)) {
      // Under the repository's lock, and checked again there: a registration may have just watched it again.
      await this.lock.withLock(b.repository_id, async () => {
        if (!(await this.subscriptions.isWatched(b.repository_id, b.branch))) {
          await this.state.forgetBranch(b.repository_id, b.branch);
        }
      });
    }
    const r = await this.gc.collect(this.config.blobGc.graceMs);
    if (r.deleted || r.marked) {
      this.logger.log(
        `blobs: ${r.deleted} deleted, ${r.marked} newly unreferenced, ${r.revived} referenced again`,
      );
    }
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  /** Before the lock pool closes (at application shutdown). */
  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
