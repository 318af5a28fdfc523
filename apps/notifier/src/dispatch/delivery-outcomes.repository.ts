import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { preparedQuery } from '@lib/database';
import { DeliveryStatus } from '@lib/entities';
import { DataSource, EntityManager } from 'typeorm';
import { QueuedDelivery } from './lane-queue.repository';
import type { SentMessage } from './message-plan';

/** One HTTP request as the delivery log keeps it. */
export interface AttemptRecord {
  attempt: number;
  chunkIndex: number;
  chunkTotal: number;
  webhookId: string;
  startedAt: Date;
  durationMs: number;
  success: boolean;
  statusCode: number | null;
  excerpt: string | null;
  error: string | null;
}

/** What the app holds for the path once this delivery is done. */
export type AckChange = { kind: 'hold'; sha256: string } | { kind: 'drop' } | { kind: 'none' };

const ATTEMPT_COLUMNS = `delivery_id, app_id, repository_id, event, attempt, chunk_index, chunk_total, webhook_id,
  started_at, duration_ms, success, status_code, response_excerpt, error`;

/** $2…$11 of every statement below. */
const ATTEMPT_VALUES = '$2, $3, $4, $5, $6, $7, $8, $9, $10, $11';
/** SQL twin of CircuitBreaker.onSuccess (closedState): any success proves the endpoint works. */
const CLOSE_CIRCUIT = `UPDATE endpoint_health SET consecutive_failures = 0, opened_at = NULL, open_until = NULL,
  probing = false, updated_at = now()`;
const CIRCUIT_DIRTY = '(consecutive_failures > 0 OR open_until IS NOT NULL)';
/**
 * Commits the statement's own transaction without waiting for the WAL flush. The price is small: an
 * acknowledgement lost to a PostgreSQL crash only means that webhook is sent again (at-least-once, same
 * webhook-id, still in order). Waiting for the flush costs more than the local HTTP request itself, once per
 * webhook, which alone would keep one lane under the throughput target.
 */
const ASYNC_COMMIT = `(SELECT set_config('synchronous_commit', 'off', true))`;

function attemptParams(a: AttemptRecord | null): unknown[] {
  return a
    ? [
        a.attempt,
        a.chunkIndex,
        a.chunkTotal,
        a.webhookId,
        a.startedAt,
        a.durationMs,
        a.success,
        a.statusCode,
      ].concat([a.excerpt, a.error])
    : [null, null, null, null, null, null, null, null, null, null];
}

/**
 * Notifier's writer for what happens to a delivery: the attempt log, the delivery's summary columns and the
 * acknowledged files. A success is one statement (one round trip, atomic): the hot path of the throughput target.
 */
@Injectable()
export class DeliveryOutcomesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * The delivery is done: `delivered` with its last attempt (attempt null: `skipped`, nothing was sent), what the
   * app holds changes with it, and a success closes the app's endpoint circuit (CircuitBreaker.onSuccess: any
   * success resets). Answers false when the delivery was no longer pending (forgotten meanwhile).
   */
  async complete(
    d: QueuedDelivery,
    attempt: AttemptRecord | null,
    ack: AckChange,
    sent: SentMessage | null,
  ): Promise<boolean> {
    const status = attempt ? DeliveryStatus.Delivered : DeliveryStatus.Skipped;
    // What was sent is recorded (a redelivery rebuilds it); a skip sent nothing and records nothing.
    // Run once per webhook: prepared once per connection (see preparedQuery).
    const rows = await preparedQuery<{ done: number }>(
      this.ds,
      'docora_delivery_complete',
      `WITH d AS (
         UPDATE deliveries SET status = $12, delivered_at = now(), attempts = COALESCE($2, attempts),
                last_status_code = $9, last_error = NULL, last_attempt_at = COALESCE($6, last_attempt_at),
                next_attempt_at = NULL, redelivery = false,
                sent_event = CASE WHEN $16::text IS NULL THEN sent_event ELSE $16 END,
                sent_sha = CASE WHEN $16::text IS NULL THEN sent_sha ELSE $17 END,
                sent_previous_sha = CASE WHEN $16::text IS NULL THEN sent_previous_sha ELSE $18 END
          WHERE delivery_id = $1 AND status = 'pending'
          RETURNING delivery_id, app_id, repository_id, event, path, blob_oid, commit_sha
       ), log AS (
         INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS})
         SELECT d.delivery_id, d.app_id, d.repository_id, d.event, ${ATTEMPT_VALUES} FROM d WHERE $2::int IS NOT NULL
       ), held AS (
         INSERT INTO acknowledged_files (app_id, repository_id, path, sha256, blob_oid, commit_sha)
         SELECT d.app_id, d.repository_id, d.path, $14, d.blob_oid, d.commit_sha FROM d
          WHERE $13 = 'hold' AND d.path IS NOT NULL AND d.blob_oid IS NOT NULL AND d.commit_sha IS NOT NULL
         ON CONFLICT (app_id, repository_id, path) DO UPDATE SET sha256 = EXCLUDED.sha256,
            blob_oid = EXCLUDED.blob_oid, commit_sha = EXCLUDED.commit_sha, acknowledged_at = now()
       ), dropped AS (
         DELETE FROM acknowledged_files a USING d
          WHERE $13 = 'drop' AND a.app_id = d.app_id AND a.repository_id = d.repository_id AND a.path = d.path
       ), healthy AS (
         ${CLOSE_CIRCUIT} WHERE app_id = $15 AND $2::int IS NOT NULL AND ${CIRCUIT_DIRTY}
       )
       SELECT count(*)::int AS done, ${ASYNC_COMMIT} AS async FROM d`,
      [
        d.delivery_id,
        ...attemptParams(attempt),
        status,
        ack.kind,
        ack.kind === 'hold' ? ack.sha256 : null,
        d.app_id,
        sent?.event ?? null,
        sent?.sha ?? null,
        sent?.previousSha ?? null,
      ],
    );
    return rows[0].done > 0;
  }

  /**
   * A chunk other than the last was acknowledged: the next chunk's attempts count from the run's offset (0, or the
   * numbers a redelivered or retried message already used).
   */
  async chunkAcknowledged(d: QueuedDelivery, chunksAcked: number, attempt: AttemptRecord): Promise<boolean> {
    const rows = await preparedQuery<{ done: number }>(
      this.ds,
      'docora_delivery_chunk_acknowledged',
      `WITH d AS (
         UPDATE deliveries SET chunks_acked = $12, attempts = attempt_offset, last_status_code = $9, last_error = NULL,
                last_attempt_at = $6, next_attempt_at = NULL
          WHERE delivery_id = $1 AND status = 'pending'
          RETURNING delivery_id, app_id, repository_id, event
       ), log AS (
         INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS})
         SELECT d.delivery_id, d.app_id, d.repository_id, d.event, ${ATTEMPT_VALUES} FROM d
       ), healthy AS (
         ${CLOSE_CIRCUIT} WHERE app_id = $13 AND ${CIRCUIT_DIRTY}
       )
       SELECT count(*)::int AS done, ${ASYNC_COMMIT} AS async FROM d`,
      [d.delivery_id, ...attemptParams(attempt), chunksAcked, d.app_id],
    );
    return rows[0].done > 0;
  }

  /**
   * A failed attempt: counted, logged, the delivery `failed` when `exhausted` (terminal until a retry), else due
   * again at `nextAttemptAt`; `alongside` (the endpoint circuit or pause) commits or rolls back with it.
   */
  async failed<T>(
    d: QueuedDelivery,
    attempt: AttemptRecord,
    exhausted: boolean,
    nextAttemptAt: Date | null,
    alongside: (em: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.ds.transaction(async (em) => {
      await this.failedIn(em, d, attempt, exhausted, nextAttemptAt);
      return alongside(em);
    });
  }

  private async failedIn(
    em: EntityManager,
    d: QueuedDelivery,
    attempt: AttemptRecord,
    exhausted: boolean,
    nextAttemptAt: Date | null,
  ): Promise<boolean> {
    const rows = await em.query<{ done: number }[]>(
      `WITH d AS (
         UPDATE deliveries SET attempts = $2, last_status_code = $9, last_error = $11, last_attempt_at = $6,
                next_attempt_at = $13, status = CASE WHEN $12 THEN 'failed' ELSE status END
          WHERE delivery_id = $1 AND status = 'pending'
          RETURNING delivery_id, app_id, repository_id, event
       ), log AS (
         INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS})
         SELECT d.delivery_id, d.app_id, d.repository_id, d.event, ${ATTEMPT_VALUES} FROM d
       )
       SELECT count(*)::int AS done FROM d`,
      [d.delivery_id, ...attemptParams(attempt), exhausted, nextAttemptAt],
    );
    return rows[0].done > 0;
  }
}
