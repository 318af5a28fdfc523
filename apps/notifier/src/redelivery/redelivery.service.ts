import { Injectable, Logger } from '@nestjs/common';
import { Redelivered, RedeliverRequest, Subjects } from '@lib/contracts';
import { EventBus } from '@lib/messaging';
import { DispatcherService } from '../dispatch/dispatcher.service';
import { RedeliveryRepository } from './redelivery.repository';

/** One redelivery: the row goes back in its lane, the lane runs now, the registry hears of an unblocked lane. */
@Injectable()
export class RedeliveryService {
  private readonly logger = new Logger('Redelivery');

  constructor(
    private readonly repository: RedeliveryRepository,
    private readonly events: EventBus,
    private readonly dispatcher: DispatcherService,
  ) {}

  async redeliver(req: RedeliverRequest): Promise<Redelivered> {
    const done = await this.repository.requeue(req);
    this.dispatcher.kick();
    if (done.unblocked) {
      // The subscription failed with this delivery; the registry clears that unless the lane is blocked again.
      // The redelivery itself is committed either way, so a lost event is logged rather than answered as an error.
      await this.events
        .publish(Subjects.DeliveryRequeued, {
          app_id: done.app_id,
          repository_id: done.repository_id,
          delivery_id: done.delivery_id,
        })
        .catch((e: unknown) =>
          this.logger.warn(
            `delivery.requeued for ${done.delivery_id} not published: ${(e as Error).message}`,
          ),
        );
    }
    return { delivery_id: done.delivery_id, status: 'pending' };
  }
}
