import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BlobStore } from '@lib/blob-store';
import { AppError, ErrorCode, RedeliverRequest, RedeliveryMessages } from '@lib/contracts';
import { SubscriptionsReader } from '@lib/database';
import { DeliveryEvent, DeliveryStatus } from '@lib/entities';
import { DataSource } from 'typeorm';

interface Row {
  delivery_id: string;
  app_id: string;
  repository_id: string;
  status: DeliveryStatus;
  event: DeliveryEvent;
  blob_oid: string | null;
  sent_event: DeliveryEvent | null;
  redelivery: boolean;
}

export interface Requeued {
  delivery_id: string;
  app_id: string;
  repository_id: string;
  /** It was a failed delivery that blocked its lane (and failed the subscription): now it is being retried. */
  unblocked: boolean;
}

export interface DeliveryState {
  app_id: string;
  repository_id: string;
  status: DeliveryStatus;
  last_error: string | null;
}

const SELECT_ROW = `SELECT delivery_id, app_id, repository_id, status, event, blob_oid, sent_event, redelivery
  FROM deliveries WHERE delivery_id = $1`;

/** The message to send again carries content, so its blob must still be stored. */
function needsBlob(r: Row): boolean {
  const event = r.sent_event ?? r.event;
  return (event === 'create' || event === 'update') && r.blob_oid !== null;
}

/** Why `r` cannot be redelivered (SPEC §2: 404 unknown or another app's, 409 otherwise), or null. */
function refusal(r: Row | undefined, appId: string | null): AppError | null {
  if (!r || (appId !== null && r.app_id !== appId)) {
    return new AppError(ErrorCode.NotFound, RedeliveryMessages.NotFound);
  }
  switch (r.status) {
    case DeliveryStatus.Pending:
      return new AppError(ErrorCode.Conflict, RedeliveryMessages.Pending);
    case DeliveryStatus.Skipped:
      return new AppError(ErrorCode.Conflict, RedeliveryMessages.Skipped);
    case DeliveryStatus.Delivered:
      return r.sent_event === null && r.event !== 'sync_failed'
        ? new AppError(ErrorCode.Conflict, RedeliveryMessages.NotRecorded)
        : null;
    case DeliveryStatus.Failed:
      return null;
  }
}

/**
 * Notifier's writer for redelivery: puts one delivery back in its lane (SPEC §2 "send one past delivery again",
 * same delivery id, new attempt). A delivered one becomes a pending `redelivery` of the message it sent; a failed
 * one is simply retried (its lane goes on once it succeeds). Both keep their place in the lane (their seq is old,
 * so they go next) and continue their X-Docora-Attempt numbering with the whole retry schedule ahead.
 */
@Injectable()
export class RedeliveryRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly blobs: BlobStore,
    private readonly subscriptions: SubscriptionsReader,
  ) {}

  async requeue(req: RedeliverRequest): Promise<Requeued> {
    const [first] = await this.ds.query<Row[]>(SELECT_ROW, [req.delivery_id]);
    const early = refusal(first, req.app_id);
    if (early) {
      throw early;
    }
    // An unwatched lane was forgotten: nothing would send it.
    if (!(await this.subscriptions.one(first.app_id, first.repository_id))) {
      throw new AppError(ErrorCode.Conflict, RedeliveryMessages.Unwatched);
    }
    // Claimed before the row turns pending: the garbage collector keeps a claimed blob for its grace period, so
    // it cannot go between this check and the commit below, and from the commit on the pending row references it.
    if (needsBlob(first) && !(await this.blobs.claim([first.blob_oid!])).has(first.blob_oid!)) {
      throw new AppError(ErrorCode.Conflict, RedeliveryMessages.ContentGone);
    }
    return this.ds.transaction(async (em) => {
      const [row] = await em.query<Row[]>(`${SELECT_ROW} FOR UPDATE`, [req.delivery_id]);
      const late = refusal(row, req.app_id); // it may have changed since the first read (the blob cannot)
      if (late) {
        throw late;
      }
      if (row.status === DeliveryStatus.Delivered) {
        await em.query(
          `UPDATE deliveries d SET status = 'pending', redelivery = true, chunks_acked = 0, next_attempt_at = NULL,
                  attempt_offset = m.n, attempts = m.n
             FROM (SELECT GREATEST(x.attempts, COALESCE(max(a.attempt), 0)) AS n
                     FROM deliveries x LEFT JOIN delivery_attempts a ON a.delivery_id = x.delivery_id
                    WHERE x.delivery_id = $1 GROUP BY x.attempts) m
            WHERE d.delivery_id = $1`,
          [row.delivery_id],
        );
      } else {
        // Failed: a retry of it, from the chunk it stopped at.
        await em.query(
          `UPDATE deliveries SET status = 'pending', attempt_offset = attempts, next_attempt_at = NULL
            WHERE delivery_id = $1`,
          [row.delivery_id],
        );
      }
      await em.query(
        `INSERT INTO delivery_lanes (app_id, repository_id, next_attempt_at) VALUES ($1, $2, now())
         ON CONFLICT (app_id, repository_id) DO UPDATE SET next_attempt_at = now()`,
        [row.app_id, row.repository_id],
      );
      return {
        delivery_id: row.delivery_id,
        app_id: row.app_id,
        repository_id: row.repository_id,
        unblocked: row.status === DeliveryStatus.Failed && !row.redelivery,
      };
    });
  }

  /** Where a delivery stands (a bulk redelivery waits for each of its items); null once it is gone. */
  async state(deliveryId: string): Promise<DeliveryState | null> {
    const [row] = await this.ds.query<DeliveryState[]>(
      `SELECT app_id, repository_id, status, last_error FROM deliveries WHERE delivery_id = $1`,
      [deliveryId],
    );
    return row ?? null;
  }
}
