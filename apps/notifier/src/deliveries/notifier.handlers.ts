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
import { ChangeSetsReader } from '@lib/database';
import { EventConsumers } from '@lib/messaging';
import { DispatcherService } from '../dispatch/dispatcher.service';
import { DeliveriesRepository } from './deliveries.repository';

/** changes.detected → deliveries; a periodic pass ingests change sets whose event was lost. */
@Injectable()
export class NotifierHandlers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotifierReconcile');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly consumers: EventConsumers,
    private readonly deliveries: DeliveriesRepository,
    private readonly changeSets: ChangeSetsReader,
    private readonly dispatcher: DispatcherService,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.register('notifier', Subjects.ChangesDetected, async (data) => {
      const created = await this.deliveries.ingestLane(
        { app_id: data.app_id, repository_id: data.repository_id },
        data.change_set_id,
      );
      if (created) {
        this.dispatcher.kick();
      }
    });
    // sync_failed delivery arrives with the failure-handling work; the consumer exists so no event is lost meanwhile.
    this.consumers.register('notifier', Subjects.CircuitOpened, async (data) => {
      this.logger.warn(`circuit opened for ${data.repository_id}@${data.branch}: ${data.error_message}`);
      await Promise.resolve();
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.reconcile(), this.config.reconcileIntervalMs);
    void this.reconcile();
  }

  reconcile(): Promise<void> {
    this.running ??= (async () => {
      try {
        let created = 0;
        for (const cs of await this.changeSets.notIngested(500)) {
          created += await this.deliveries.ingestLane(
            { app_id: cs.app_id, repository_id: cs.repository_id },
            cs.change_set_id,
          );
        }
        if (created) {
          this.dispatcher.kick();
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
