import {
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { Subjects } from '@lib/contracts';
import { ReconciliationReader } from '@lib/database';
import { EventConsumers } from '@lib/messaging';
import { PeriodicTask } from '@lib/platform';
import { randomUUID } from 'node:crypto';
import { PlannerService } from './planner.service';

/** repo.scanned drives planning; a periodic pass re-plans any subscription left behind (lost event, crash). */
@Injectable()
export class DiffHandlers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  readonly reconciliation: PeriodicTask;

  constructor(
    private readonly consumers: EventConsumers,
    private readonly planner: PlannerService,
    private readonly behind: ReconciliationReader,
    @Inject(DOCORA_CONFIG) config: DocoraConfig,
  ) {
    this.reconciliation = new PeriodicTask('DiffReconcile', config.reconcileIntervalMs, async () => {
      for (const s of await this.behind.subscriptionsBehind(200)) {
        await this.planner.planApp(s.app_id, s.repository_id, randomUUID());
      }
    });
  }

  onModuleInit(): void {
    this.consumers.register('diff', Subjects.RepoScanned, (data, envelope) =>
      this.planner.onRepoScanned(data, envelope.correlation_id),
    );
    this.consumers.register('diff', Subjects.SubscriptionRemoved, (data) =>
      this.planner.forget(data.app_id, data.repository_id),
    );
    this.consumers.register('diff', Subjects.SubscriptionReset, async (data, envelope) => {
      if (data.mode === 'resync') {
        await this.planner.forget(data.app_id, data.repository_id);
        await this.planner.planApp(data.app_id, data.repository_id, envelope.correlation_id);
      } else if (data.mode === 'scope') {
        // Against what the app will hold: exactly the files that entered or left its scope (or differ on the
        // new branch). A branch not scanned yet is planned when its first repo.scanned arrives.
        await this.planner.planApp(data.app_id, data.repository_id, envelope.correlation_id);
      }
    });
  }

  onApplicationBootstrap(): void {
    this.reconciliation.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.reconciliation.stop();
  }
}
