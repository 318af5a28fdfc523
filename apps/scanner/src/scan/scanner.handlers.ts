import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { Subjects } from '@lib/contracts';
import { EventConsumers } from '@lib/messaging';
import { join } from 'node:path';
import { GIT_ENGINE } from './git-engine.provider';
import { GitEngine } from '@lib/git';
import { RepoStateRepository } from './repo-state.repository';
import { RepositoryLock } from './repository-lock';

/** Subscription lifecycle as it concerns the scanner: forget unwatched repositories, close the circuit on a new token. */
@Injectable()
export class ScannerHandlers implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly state: RepoStateRepository,
    private readonly lock: RepositoryLock,
    @Inject(GIT_ENGINE) private readonly git: GitEngine,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.register('scanner', Subjects.SubscriptionRemoved, async (data) => {
      if (data.repository_removed) {
        // Under the repository's lock: a scan still running elsewhere must not write into what is being removed.
        await this.lock.withLock(data.repository_id, async () => {
          await this.state.forgetRepository(data.repository_id);
          await this.git
            .removeCache(join(this.config.git.cacheDir, this.config.namespace, data.repository_id))
            .catch(() => undefined);
        });
      }
    });
    this.consumers.register('scanner', Subjects.SubscriptionReset, async (data) => {
      if (data.mode === 'token') {
        await this.state.closeCircuit(data.repository_id, data.branch);
      }
    });
  }
}
