import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { BlobStoreModule } from '@lib/blob-store';
import { Queues } from '@lib/contracts';
import { ScannerMaintenance } from './maintenance/scanner-maintenance';
import { gitEngineProvider } from './scan/git-engine.provider';
import { RepoStateRepository } from './scan/repo-state.repository';
import { RepositoryLock } from './scan/repository-lock';
import { ScanProcessor } from './scan/scan.processor';
import { ScanService } from './scan/scan.service';
import { ScannerHandlers } from './scan/scanner.handlers';

/** Owns repository heads, listings, scans and the local git cache; writes the blob store. */
@Module({
  imports: [BullModule.registerQueue({ name: Queues.Scan }), BlobStoreModule],
  providers: [
    gitEngineProvider,
    RepoStateRepository,
    RepositoryLock,
    ScanService,
    ScanProcessor,
    ScannerHandlers,
    ScannerMaintenance,
  ],
})
export class ScannerModule {}
