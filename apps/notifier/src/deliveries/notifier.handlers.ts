import {
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { Subjects } from '@lib/contracts';
import { ChangeSetsReader } from '@lib/database';
import { EventConsumers } from '@lib/messaging';
import { PeriodicTask } from '@lib/platform';
import { DispatcherService } from '../dispatch/dispatcher.service';
import { EndpointHealthRepository } from '../health/endpoint-health.repository';
import { AlertsService } from './alerts.service';
import { DeliveriesRepository } from './deliveries.repository';

/** changes.detected → deliveries; a periodic pass ingests change sets whose event was lost. */
@Injectable()
export class NotifierHandlers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  readonly reconciliation: PeriodicTask;

  constructor(
    private readonly consumers: EventConsumers,
    private readonly deliveries: DeliveriesRepository,
    private readonly changeSets: ChangeSetsReader,
    private readonly dispatcher: DispatcherService,
    private readonly alerts: AlertsService,
    private readonly health: EndpointHealthRepository,
    @Inject(DOCORA_CONFIG) config: DocoraConfig,
  ) {
    this.reconciliation = new PeriodicTask('NotifierReconcile', config.reconcileIntervalMs, async () => {
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
    });
  }

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
    this.consumers.register('notifier', Subjects.CircuitOpened, async (data) => {
      if (await this.alerts.onCircuitOpened(data)) {
        this.dispatcher.kick();
      }
    });
    this.consumers.register('notifier', Subjects.SubscriptionRemoved, (data) =>
      this.deliveries.forgetLane({ app_id: data.app_id, repository_id: data.repository_id }),
    );
    this.consumers.register('notifier', Subjects.SubscriptionReset, async (data) => {
      if (data.mode !== 'retry') {
        return;
      }
      const requeued = await this.deliveries.requeueFailed({
        app_id: data.app_id,
        repository_id: data.repository_id,
      });
      if ((await this.health.closeCircuit(data.app_id)) || requeued) {
        this.dispatcher.kick();
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
