import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  APP_ID_PATTERN,
  AppError,
  ErrorCode,
  isDeliveryId,
  Procedures,
  RedeliveryMessages,
} from '@lib/contracts';
import { RpcServer } from '@lib/messaging';
import { BulkRedeliveryService } from './bulk-redelivery.service';
import { RedeliveryService } from './redelivery.service';

/**
 * Redelivery procedures (SPEC §2, §3). The notifier owns delivery state, so it answers them itself, like pause and
 * resume: the caller learns at once whether the delivery went back in its lane, or why not.
 */
@Injectable()
export class RedeliveryHandlers implements OnModuleInit {
  constructor(
    private readonly rpc: RpcServer,
    private readonly redelivery: RedeliveryService,
    private readonly bulk: BulkRedeliveryService,
  ) {}

  onModuleInit(): void {
    this.rpc.handle(Procedures.RedeliverDelivery, ({ delivery_id, app_id }) => {
      // Ids from the caller are checked again: a malformed one names no delivery.
      const appOk = app_id === null || (typeof app_id === 'string' && APP_ID_PATTERN.test(app_id));
      if (!isDeliveryId(delivery_id) || !appOk) {
        throw new AppError(ErrorCode.NotFound, RedeliveryMessages.NotFound);
      }
      return this.redelivery.redeliver({ delivery_id: delivery_id.toLowerCase(), app_id });
    });
    this.rpc.handle(Procedures.StartBulkRedelivery, ({ filter }) => this.bulk.start(filter));
  }
}
