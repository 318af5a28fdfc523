import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeliveryFilter } from '@lib/contracts';
import { DeliveryEvent, DeliveryStatus } from '@lib/entities';
import { DataSource } from 'typeorm';

/** One row of the delivery log (the notifier's `deliveries`). */
export interface DeliveryLogRow {
  delivery_id: string;
  app_id: string;
  repository_id: string;
  /** What was sent when known (create vs update follows what the app held), else what was planned. */
  event: DeliveryEvent;
  path: string | null;
  commit_sha: string | null;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
}

/** One HTTP request of a delivery (`delivery_attempts`). */
export interface DeliveryAttemptRow {
  attempt: number;
  chunk_index: number;
  chunk_total: number;
  webhook_id: string;
  started_at: Date;
  duration_ms: number;
  success: boolean;
  status_code: number | null;
  response_excerpt: string | null;
  error: string | null;
}

const LOG_COLUMNS = `d.delivery_id, d.app_id, d.repository_id, COALESCE(d.sent_event, d.event) AS event, d.path,
  d.commit_sha, d.status, d.attempts, d.last_status_code, d.last_error, d.created_at, d.last_attempt_at,
  d.next_attempt_at, d.delivered_at`;

/**
 * What a redelivery can send right now (the notifier's checks, RedeliveryRepository, say the same one by one):
 * delivered with its message recorded (sync_failed keeps its body anyway) or failed; its content still stored
 * when the message carries content; the app still watching the repository.
 */
export const REDELIVERABLE_SQL = `d.status IN ('delivered', 'failed')
  AND (d.status = 'failed' OR d.event = 'sync_failed' OR d.sent_event IS NOT NULL)
  AND (COALESCE(d.sent_event, d.event) NOT IN ('create', 'update')
       OR EXISTS (SELECT 1 FROM blobs b WHERE b.oid = d.blob_oid))
  AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.app_id = d.app_id AND s.repository_id = d.repository_id)`;

/** `WHERE` conditions over deliveries aliased `d`, values as parameters from `$<first>` on. */
export function deliveryFilterSql(f: DeliveryFilter, first = 1): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (p: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${first + params.length - 1}`));
  };
  if (f.app_id !== undefined) {
    add((p) => `d.app_id = ${p}`, f.app_id);
  }
  if (f.repository_id !== undefined) {
    add((p) => `d.repository_id = ${p}`, f.repository_id);
  }
  if (f.status !== undefined) {
    add((p) => `d.status = ${p}`, f.status);
  }
  if (f.event !== undefined) {
    add((p) => `COALESCE(d.sent_event, d.event) = ${p}`, f.event);
  }
  if (f.since !== undefined) {
    add((p) => `d.created_at >= ${p}::timestamptz`, f.since);
  }
  if (f.until !== undefined) {
    // The API shows milliseconds and PostgreSQL keeps microseconds: `until` covers its whole millisecond, so a
    // created_at copied from a list item finds that item.
    add((p) => `d.created_at < ${p}::timestamptz + interval '1 millisecond'`, f.until);
  }
  return { sql: conditions.length ? conditions.join(' AND ') : 'true', params };
}

/**
 * Read-only view of the notifier's deliveries and attempts: the delivery log (gateway), the count and snapshot of
 * a bulk redelivery, and whether a failure still stands (registry, before it fails or clears a subscription).
 */
@Injectable()
export class DeliveriesReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Newest first; seq breaks ties of created_at (one change set's deliveries share it). */
  async list(
    f: DeliveryFilter,
    page: { page: number; limit: number },
  ): Promise<{ rows: DeliveryLogRow[]; total: number }> {
    const where = deliveryFilterSql(f);
    const n = where.params.length;
    const [rows, [count]] = await Promise.all([
      this.ds.query<DeliveryLogRow[]>(
        `SELECT ${LOG_COLUMNS} FROM deliveries d WHERE ${where.sql}
          ORDER BY d.created_at DESC, d.seq DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...where.params, page.limit, (page.page - 1) * page.limit],
      ),
      this.ds.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM deliveries d WHERE ${where.sql}`,
        where.params,
      ),
    ]);
    return { rows, total: count.total };
  }

  /** One delivery with every attempt, oldest first; null when unknown or (appId given) another app's. */
  async detail(
    deliveryId: string,
    appId: string | null,
  ): Promise<{ delivery: DeliveryLogRow; attempts: DeliveryAttemptRow[] } | null> {
    const [delivery] = await this.ds.query<DeliveryLogRow[]>(
      `SELECT ${LOG_COLUMNS} FROM deliveries d WHERE d.delivery_id = $1 AND ($2::text IS NULL OR d.app_id = $2)`,
      [deliveryId, appId],
    );
    if (!delivery) {
      return null;
    }
    const attempts = await this.ds.query<DeliveryAttemptRow[]>(
      `SELECT attempt, chunk_index, chunk_total, webhook_id, started_at, duration_ms, success, status_code,
              response_excerpt, error
         FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt_id`,
      [deliveryId],
    );
    return { delivery, attempts };
  }

  /** How many deliveries matching `f` a bulk redelivery would send again now. */
  async countRedeliverable(f: DeliveryFilter): Promise<number> {
    const where = deliveryFilterSql(f);
    const [row] = await this.ds.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM deliveries d WHERE ${where.sql} AND ${REDELIVERABLE_SQL}`,
      where.params,
    );
    return row.total;
  }

  /** Ids of the deliveries a bulk redelivery covers, oldest first (send order), at most `limit`. */
  async redeliverableIds(f: DeliveryFilter, limit: number): Promise<string[]> {
    const where = deliveryFilterSql(f);
    const rows = await this.ds.query<{ delivery_id: string }[]>(
      `SELECT d.delivery_id FROM deliveries d WHERE ${where.sql} AND ${REDELIVERABLE_SQL}
        ORDER BY d.seq LIMIT $${where.params.length + 1}`,
      [...where.params, limit],
    );
    return rows.map((r) => r.delivery_id);
  }

  /** The delivery exhausted its retries and still blocks its lane (not retried or redelivered since). */
  async blocksLane(deliveryId: string): Promise<boolean> {
    const rows = await this.ds.query<unknown[]>(
      `SELECT 1 FROM deliveries WHERE delivery_id = $1 AND status = 'failed' AND NOT redelivery`,
      [deliveryId],
    );
    return rows.length > 0;
  }

  /** A failed delivery blocks the (app, repository) lane. */
  async laneBlocked(appId: string, repositoryId: string): Promise<boolean> {
    const rows = await this.ds.query<unknown[]>(
      `SELECT 1 FROM deliveries WHERE app_id = $1 AND repository_id = $2 AND status = 'failed' AND NOT redelivery
        LIMIT 1`,
      [appId, repositoryId],
    );
    return rows.length > 0;
  }
}
