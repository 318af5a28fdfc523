import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { Subjects } from '@lib/contracts';
import { ReconciliationReader } from '@lib/database';
import { EventConsumers } from '@lib/messaging';
import { randomUUID } from 'node:crypto';
import { PlannerService } from './planner.service';

/** repo.scanned drives planning; a periodic pass re-plans any subscription left behind (lost event, crash). */
@Injectable()
export class DiffHandlers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DiffReconcile');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly consumers: EventConsumers,
    private readonly planner: PlannerService,
    private readonly reconciliation: ReconciliationReader,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.register('diff', Subjects.RepoScanned, (data, envelope) =>
      this.planner.onRepoScanned(data, envelope.correlation_id),
    );
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.reconcile(), this.config.reconcileIntervalMs);
    void this.reconcile();
  }

  reconcile(): Promise<void> {
    this.running ??= (async () => {
      try {
        for (const s of await this.reconciliation.subscriptionsBehind(200)) {
          await this.planner.planApp(s.app_id, s.repository_id, randomUUID());
        }
      } catch (e) {
        this.logger.warn(`reconciliation pass failed: ${(e as Error).message}`);
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
