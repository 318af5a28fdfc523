import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { JobNames, Queues, ScanJobData } from '@lib/contracts';
import { Job } from 'bullmq';
import { ScanService } from './scan.service';

/**
 * BullMQ worker for checks. The lock is far above any single git step so a long initial fetch is never picked up
 * twice (BullMQ renews it while the job runs); concurrency is set from SCAN_CONCURRENCY at module init.
 */
@Processor(Queues.Scan, { lockDuration: 120_000, stalledInterval: 60_000 })
export class ScanProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly scans: ScanService,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.scan.concurrency;
  }

  async process(job: Job<ScanJobData>): Promise<void> {
    if (job.name !== JobNames.ScanRepository) {
      throw new Error(`unknown job ${job.name}`);
    }
    await this.scans.check(job.data);
  }
}
