import { Injectable, Logger } from '@nestjs/common';
import { AppError, BulkItemError, BulkRedeliveryJobData, RedeliveryMessages } from '@lib/contracts';
import { DeliveryStatus } from '@lib/entities';
import { BulkItemEnd, BulkProgressStore, BulkRunOptions, BulkRunResult, walkBulkItems } from '@lib/messaging';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedeliveryRepository } from './redelivery.repository';
import { RedeliveryService } from './redelivery.service';

/** `interrupted`: the process is stopping, the rest is done later (the job goes back to waiting). */
export type BulkRedeliveryResult = BulkRunResult;

export interface BulkRedeliveryOptions extends BulkRunOptions {
  /** Checked before each item and while waiting for one; true once the process is shutting down. */
  shouldStop: () => boolean;
  /** Polling of an item's outcome: first and longest pause (ms). */
  pollMs?: { first: number; max: number };
}

const HEARTBEAT_MS = 250;

/**
 * Walks one bulk redelivery from the cursor stored with its progress (walkBulkItems, shared with the registry's
 * BulkOperationRunner for retry / resync, with the same crash semantics). Each item is redelivered and then
 * awaited until it is delivered or has failed for good, so progress counts what was really re-sent and a
 * cancellation stops the sending. Items go one after another: a lane sends in order anyway, and the pace follows
 * the endpoints. Cancelled while an item is on its way: that item still goes out (it is in its lane), uncounted.
 */
@Injectable()
export class BulkRedeliveryRunner {
  private readonly logger = new Logger('BulkRedelivery');

  constructor(
    private readonly progress: BulkProgressStore,
    private readonly redelivery: RedeliveryService,
    private readonly deliveries: RedeliveryRepository,
  ) {}

  run(job: BulkRedeliveryJobData, opts: BulkRedeliveryOptions): Promise<BulkRedeliveryResult> {
    return walkBulkItems(this.progress, job.operation_id, job.delivery_ids.length, opts, (i, resumed) =>
      this.item(job, job.delivery_ids[i], resumed, opts),
    );
  }

  /** Counted null = re-sent; else why not. Or the run stops without counting it. */
  private async item(
    job: BulkRedeliveryJobData,
    deliveryId: string,
    resumed: boolean,
    opts: BulkRedeliveryOptions,
  ): Promise<BulkItemEnd> {
    try {
      await this.redelivery.redeliver({ delivery_id: deliveryId, app_id: null });
    } catch (e) {
      // Resumed after a crash: the previous run may have queued it already; then wait for it as if we had.
      const ours = resumed && e instanceof AppError && e.message === RedeliveryMessages.Pending;
      if (!ours) {
        return { counted: await this.refused(job, deliveryId, e, opts.lastAttempt) };
      }
    }
    return this.outcome(job, deliveryId, opts);
  }

  /** Waits until the redelivery is delivered or has failed for good (retries exhausted). */
  private async outcome(
    job: BulkRedeliveryJobData,
    deliveryId: string,
    opts: BulkRedeliveryOptions,
  ): Promise<BulkItemEnd> {
    const poll = opts.pollMs ?? { first: 20, max: 500 };
    let pause = poll.first;
    let beat = Date.now();
    for (;;) {
      const s = await this.deliveries.state(deliveryId);
      if (!s) {
        return { counted: itemError(null, deliveryId, RedeliveryMessages.NotFound) };
      }
      if (s.status === DeliveryStatus.Failed) {
        return { counted: itemError(s, deliveryId, s.last_error ?? 'Delivery failed') };
      }
      if (s.status !== DeliveryStatus.Pending) {
        return { counted: null }; // delivered (or, for a retried failure, found already held: nothing to send)
      }
      if (opts.shouldStop()) {
        return { stop: 'interrupted' };
      }
      if (Date.now() - beat >= HEARTBEAT_MS) {
        beat = Date.now();
        const state = await this.progress.heartbeat(job.operation_id);
        if (state !== 'running') {
          return { stop: state === 'gone' ? 'expired' : 'cancelled' };
        }
      }
      await sleep(pause);
      pause = Math.min(pause * 2, poll.max);
    }
  }

  /** Why an item could not be redelivered; an unexpected error is thrown (the job retries) until the last attempt. */
  private async refused(
    job: BulkRedeliveryJobData,
    deliveryId: string,
    e: unknown,
    lastAttempt: boolean,
  ): Promise<BulkItemError> {
    const s = await this.deliveries.state(deliveryId).catch(() => null);
    if (e instanceof AppError) {
      this.logger.warn(`${job.operation_id} ${deliveryId}: ${e.message}`);
      return itemError(s, deliveryId, e.message);
    }
    if (!lastAttempt) {
      throw e;
    }
    this.logger.error(`${job.operation_id} ${deliveryId} failed`, (e as Error).stack);
    return itemError(s, deliveryId, 'Internal error');
  }
}

function itemError(
  s: { app_id: string; repository_id: string } | null,
  deliveryId: string,
  error: string,
): BulkItemError {
  // A delivery that is gone (its subscription ended) no longer says whose it was.
  return { app_id: s?.app_id ?? '', repository_id: s?.repository_id ?? '', delivery_id: deliveryId, error };
}
