import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DeliveryEvent } from '@lib/entities';
import { DataSource } from 'typeorm';
import { LaneKey } from './lanes.repository';

/**
 * SQL: delivery `alias` blocks its lane. A failed redelivery does not: the app already acknowledged that message
 * once, so later changes need not wait for its copy.
 */
export const LANE_BLOCKING = (alias: string) => `${alias}.status = 'failed' AND NOT ${alias}.redelivery`;

/** A pending delivery with what the app held for its path when the batch was read. */
export interface QueuedDelivery {
  seq: string;
  delivery_id: string;
  app_id: string;
  repository_id: string;
  event: DeliveryEvent;
  path: string | null;
  blob_oid: string | null;
  commit_sha: string | null;
  payload: string | null;
  force: boolean;
  attempts: number;
  chunk_id: string;
  chunks_acked: number;
  payload_timestamp: Date;
  /** What was sent (recorded at completion): the message a redelivery rebuilds. */
  sent_event: DeliveryEvent | null;
  sent_sha: string | null;
  sent_previous_sha: string | null;
  /** Pending again as a redelivery: the recorded message goes out as it was, acknowledged_files untouched. */
  redelivery: boolean;
  /** X-Docora-Attempt numbers used before this run (the retry schedule counts from here). */
  attempt_offset: number;
  ack_sha256: string | null;
  ack_blob_oid: string | null;
}

export interface LaneBatch {
  /** This replica still holds the lane's lease. */
  leaseHeld: boolean;
  /** The app's deliveries are paused (admin, or a 410 Gone). */
  paused: boolean;
  /** The app's endpoint circuit is open (or being probed). */
  circuitOpen: boolean;
  /**
   * A failed delivery (retries exhausted) blocks the lane until it is retried or redelivered; meanwhile only
   * redeliveries (copies of messages already acknowledged) are in `deliveries`.
   */
  blocked: boolean;
  deliveries: QueuedDelivery[];
}

/** Reads a lane's queue in order, a batch at a time, with the lease and gate facts in the same round trip. */
@Injectable()
export class LaneQueueRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async next(lane: LaneKey, owner: string, limit: number): Promise<LaneBatch> {
    type Row = Partial<QueuedDelivery> & {
      lease_held: boolean;
      paused: boolean;
      circuit_open: boolean;
      blocked: boolean;
    };
    const rows = await this.ds.query<Row[]>(
      `SELECT f.lease_held, COALESCE(h.paused, false) AS paused, h.open_until IS NOT NULL AS circuit_open, f.blocked, d.*
         FROM (SELECT
          EXISTS (SELECT 1 FROM delivery_lanes l WHERE l.app_id = $1 AND l.repository_id = $2
                   AND l.lease_owner = $3 AND l.lease_until > now()) AS lease_held,
          EXISTS (SELECT 1 FROM deliveries x WHERE x.app_id = $1 AND x.repository_id = $2 AND ${LANE_BLOCKING('x')}) AS blocked
        ) f LEFT JOIN endpoint_health h ON h.app_id = $1 LEFT JOIN LATERAL (
          SELECT q.seq, q.delivery_id, q.app_id, q.repository_id, q.event, q.path, q.blob_oid, q.commit_sha, q.payload,
                 q.force, q.attempts, q.chunk_id, q.chunks_acked, q.payload_timestamp, q.sent_event, q.sent_sha,
                 q.sent_previous_sha, q.redelivery, q.attempt_offset,
                 a.sha256 AS ack_sha256, a.blob_oid AS ack_blob_oid
            FROM deliveries q
            LEFT JOIN acknowledged_files a ON a.app_id = q.app_id AND a.repository_id = q.repository_id AND a.path = q.path
           WHERE q.app_id = $1 AND q.repository_id = $2 AND q.status = 'pending' AND (q.redelivery OR NOT f.blocked)
           ORDER BY q.seq LIMIT $4
        ) d ON true ORDER BY d.seq`,
      [lane.app_id, lane.repository_id, owner, limit],
    );
    const [first] = rows;
    return {
      leaseHeld: first.lease_held,
      paused: first.paused,
      circuitOpen: first.circuit_open,
      blocked: first.blocked,
      deliveries: rows.filter((r) => r.delivery_id).map((r) => r as QueuedDelivery),
    };
  }
}
