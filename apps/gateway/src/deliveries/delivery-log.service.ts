import { Injectable } from '@nestjs/common';
import {
  AppError,
  BulkRedeliveryStarted,
  ErrorCode,
  Procedures,
  Redelivered,
  RedeliveryMessages,
} from '@lib/contracts';
import { DeliveriesReader } from '@lib/database';
import { RpcClient } from '@lib/messaging';
import { Page, toPage } from '../admin/list-query';
import { parseBulkRedeliveryBody, parseDeliveryListQuery } from './delivery-query';
import { DeliveryLogDetail, DeliveryLogItem, toDeliveryDetail, toDeliveryItem } from './delivery-view';

export type BulkRedeliveryAnswer = { total: number } | BulkRedeliveryStarted;

/**
 * The delivery log for apps (`appId`: only their own) and admins (`appId` null: all). Reads go straight to the
 * notifier's tables through the read-only DeliveriesReader; redeliveries are the notifier's to carry out.
 */
@Injectable()
export class DeliveryLogService {
  constructor(
    private readonly reader: DeliveriesReader,
    private readonly rpc: RpcClient,
  ) {}

  async list(raw: Record<string, unknown>, appId: string | null): Promise<Page<DeliveryLogItem>> {
    const q = parseDeliveryListQuery(raw, appId === null);
    const filter = appId === null ? q.filter : { ...q.filter, app_id: appId };
    const { rows, total } = await this.reader.list(filter, q);
    return toPage(rows.map(toDeliveryItem), total, q);
  }

  /** Another app's delivery is answered as unknown (404): its existence is not the caller's to learn. */
  async detail(deliveryId: string, appId: string | null): Promise<DeliveryLogDetail> {
    const found = await this.reader.detail(deliveryId, appId);
    if (!found) {
      throw new AppError(ErrorCode.NotFound, RedeliveryMessages.NotFound);
    }
    return toDeliveryDetail(found.delivery, found.attempts);
  }

  redeliver(deliveryId: string, appId: string | null): Promise<Redelivered> {
    return this.rpc.call(Procedures.RedeliverDelivery, { delivery_id: deliveryId, app_id: appId });
  }

  /** A dry run counts here (it works while the notifier restarts); the operation itself is the notifier's. */
  async bulk(raw: unknown): Promise<{ dryRun: boolean; answer: BulkRedeliveryAnswer }> {
    const body = parseBulkRedeliveryBody(raw);
    if (body.dry_run) {
      return { dryRun: true, answer: { total: await this.reader.countRedeliverable(body.filter) } };
    }
    return {
      dryRun: false,
      answer: await this.rpc.call(Procedures.StartBulkRedelivery, { filter: body.filter }),
    };
  }
}
