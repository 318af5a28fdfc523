import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChangeSetsReader } from '@lib/database';
import { AcknowledgedFileEntity, DeliveryEntity, DeliveryStatus } from '@lib/entities';
import { DataSource, In } from 'typeorm';

export interface LaneKey {
  app_id: string;
  repository_id: string;
}

/** Notifier's writer for deliveries, delivery_lanes, acknowledged_files and ingested_change_sets. */
@Injectable()
export class DeliveriesRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly changeSets: ChangeSetsReader,
  ) {}

  /**
   * Turns every not-yet-ingested change set of the lane, up to `upTo`, into deliveries, in commit order. Earlier
   * change sets whose event was lost are ingested first, so the lane never sends out of order. Idempotent.
   */
  async ingestLane(lane: LaneKey, upTo: string): Promise<number> {
    return this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO delivery_lanes (app_id, repository_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [lane.app_id, lane.repository_id],
      );
      // Serialises ingestion of one lane across replicas.
      await em.query(`SELECT 1 FROM delivery_lanes WHERE app_id = $1 AND repository_id = $2 FOR UPDATE`, [
        lane.app_id,
        lane.repository_id,
      ]);
      const sets = await this.changeSets.notIngestedInLane(lane.app_id, lane.repository_id, upTo, em);
      let created = 0;
      for (const cs of sets) {
        const items = await this.changeSets.items(cs.change_set_id, em);
        for (let i = 0; i < items.length; i += 2000) {
          const batch = items.slice(i, i + 2000);
          await em.query(
            `INSERT INTO deliveries (delivery_id, app_id, repository_id, change_set_id, ordinal, event, path, blob_oid, commit_sha, chunk_id, payload_timestamp, force)
             SELECT gen_random_uuid(), $1, $2, $3, x.ordinal, x.action, x.path, x.blob_oid, $4, gen_random_uuid(), now(), $9
               FROM unnest($5::int[], $6::text[], $7::text[], $8::text[]) AS x(ordinal, action, path, blob_oid)
             ORDER BY x.ordinal
             ON CONFLICT (change_set_id, ordinal) DO NOTHING`,
            [
              lane.app_id,
              lane.repository_id,
              cs.change_set_id,
              cs.to_commit,
              batch.map((x) => x.ordinal),
              batch.map((x) => x.action),
              batch.map((x) => x.path),
              batch.map((x) => x.blob_oid),
              cs.full_resend,
            ],
          );
        }
        await em.query(
          `INSERT INTO ingested_change_sets (change_set_id) VALUES ($1) ON CONFLICT DO NOTHING`,
          [cs.change_set_id],
        );
        created += items.length;
      }
      if (created) {
        await em.query(
          `UPDATE delivery_lanes SET next_attempt_at = COALESCE(next_attempt_at, now()) WHERE app_id = $1 AND repository_id = $2`,
          [lane.app_id, lane.repository_id],
        );
      }
      return created;
    });
  }

  /**
   * Leases up to `limit` due lanes to `owner`. SKIP LOCKED plus the lease make replicas take disjoint lanes; a
   * lease that lapsed (its holder died) is taken over.
   */
  async claimLanes(owner: string, leaseMs: number, limit: number, exclude: string[]): Promise<LaneKey[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
    const [rows] = await this.ds.query<[LaneKey[], number]>(
      `UPDATE delivery_lanes l SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'
         FROM (SELECT app_id, repository_id FROM delivery_lanes
                WHERE next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                  AND NOT (app_id || '/' || repository_id = ANY($4::text[]))
                ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
        WHERE l.app_id = due.app_id AND l.repository_id = due.repository_id
        RETURNING l.app_id, l.repository_id`,
      [owner, leaseMs, limit, exclude],
    );
    return rows;
  }

  /** Extends the leases this replica still holds; returns how many it still owns. */
  async renewLeases(owner: string, leaseMs: number): Promise<void> {
    await this.ds.query(
      `UPDATE delivery_lanes SET lease_until = now() + $2 * interval '1 millisecond' WHERE lease_owner = $1`,
      [owner, leaseMs],
    );
  }

  /** Gives the lane back; `retryAt` null means "nothing pending unless new work arrived meanwhile". */
  async releaseLane(lane: LaneKey, owner: string, retryAt: Date | null): Promise<void> {
    await this.ds.transaction(async (em) => {
      // Wait for a concurrent ingestLane (it holds this row) before the UPDATE takes its snapshot: otherwise the
      // EXISTS below misses the deliveries it just committed and parks the lane with work pending, for good.
      await em.query(`SELECT 1 FROM delivery_lanes WHERE app_id = $1 AND repository_id = $2 FOR UPDATE`, [
        lane.app_id,
        lane.repository_id,
      ]);
      await em.query(
        `UPDATE delivery_lanes SET lease_owner = NULL, lease_until = NULL,
           next_attempt_at = CASE WHEN $4::timestamptz IS NOT NULL THEN $4::timestamptz
             WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.app_id = $1 AND d.repository_id = $2 AND d.status = 'pending')
              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.app_id = $1 AND d.repository_id = $2 AND d.status = 'failed') THEN now()
             ELSE NULL END
         WHERE app_id = $1 AND repository_id = $2 AND lease_owner = $3`,
        [lane.app_id, lane.repository_id, owner, retryAt],
      );
    });
  }

  /** Still ours? A replica that lost its lease (paused too long) must stop sending on that lane. */
  async holdsLease(lane: LaneKey, owner: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM delivery_lanes WHERE app_id = $1 AND repository_id = $2 AND lease_owner = $3 AND lease_until > now()`,
      [lane.app_id, lane.repository_id, owner],
    );
    return rows.length > 0;
  }

  /**
   * The lane's next delivery. A failed one (retries exhausted) blocks the lane — later files must not overtake
   * it — until a retry puts it back to pending; null then.
   */
  async nextPending(lane: LaneKey): Promise<DeliveryEntity | null> {
    const next = await this.ds.getRepository(DeliveryEntity).findOne({
      where: {
        app_id: lane.app_id,
        repository_id: lane.repository_id,
        status: In([DeliveryStatus.Pending, DeliveryStatus.Failed]),
      },
      order: { seq: 'ASC' },
    });
    return next?.status === DeliveryStatus.Pending ? next : null;
  }

  /** Unwatched: what the app had and what was still queued for it are forgotten (v1 semantics). */
  async forgetLane(lane: LaneKey): Promise<void> {
    await this.ds.transaction(async (em) => {
      const args = [lane.app_id, lane.repository_id];
      await em.query(
        `DELETE FROM deliveries WHERE app_id = $1 AND repository_id = $2 AND status IN ('pending', 'failed')`,
        args,
      );
      await em.query(`DELETE FROM acknowledged_files WHERE app_id = $1 AND repository_id = $2`, args);
      await em.query(`DELETE FROM delivery_lanes WHERE app_id = $1 AND repository_id = $2`, args);
    });
  }

  /** Retry: failed deliveries start over (fresh attempt count) and the lane is due now. */
  async requeueFailed(lane: LaneKey): Promise<number> {
    return this.ds.transaction(async (em) => {
      const [, count] = await em.query<[unknown[], number]>(
        `UPDATE deliveries SET status = 'pending', attempts = 0 WHERE app_id = $1 AND repository_id = $2 AND status = 'failed'`,
        [lane.app_id, lane.repository_id],
      );
      await em.query(
        `INSERT INTO delivery_lanes (app_id, repository_id, next_attempt_at) VALUES ($1, $2, now())
         ON CONFLICT (app_id, repository_id) DO UPDATE SET next_attempt_at = now()`,
        [lane.app_id, lane.repository_id],
      );
      return count;
    });
  }

  /** Queues a sync_failed alert in the app's lane for the repository; the id makes a re-handled event a no-op. */
  async enqueueAlert(lane: LaneKey, deliveryId: string, payload: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO deliveries (delivery_id, app_id, repository_id, event, payload, chunk_id, payload_timestamp)
         VALUES ($1, $2, $3, 'sync_failed', $4, $1, now()) ON CONFLICT (delivery_id) DO NOTHING`,
        [deliveryId, lane.app_id, lane.repository_id, payload],
      );
      await em.query(
        `INSERT INTO delivery_lanes (app_id, repository_id, next_attempt_at) VALUES ($1, $2, now())
         ON CONFLICT (app_id, repository_id) DO UPDATE SET next_attempt_at = COALESCE(delivery_lanes.next_attempt_at, now())`,
        [lane.app_id, lane.repository_id],
      );
    });
  }

  acknowledged(lane: LaneKey, path: string): Promise<AcknowledgedFileEntity | null> {
    return this.ds
      .getRepository(AcknowledgedFileEntity)
      .findOneBy({ app_id: lane.app_id, repository_id: lane.repository_id, path });
  }

  async chunkAcked(deliveryId: string, chunksAcked: number, statusCode: number): Promise<void> {
    await this.ds.query(
      `UPDATE deliveries SET chunks_acked = $2, last_status_code = $3, last_error = NULL WHERE delivery_id = $1`,
      [deliveryId, chunksAcked, statusCode],
    );
  }

  /** The delivery and what the app now holds change together, so a crash never re-sends an acknowledged file. */
  async markDelivered(
    d: DeliveryEntity,
    statusCode: number | null,
    ack: { sha256: string } | null,
  ): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE deliveries SET status = $2, delivered_at = now(), last_status_code = $3, last_error = NULL WHERE delivery_id = $1`,
        [d.delivery_id, statusCode === null ? DeliveryStatus.Skipped : DeliveryStatus.Delivered, statusCode],
      );
      if (d.event === 'delete') {
        await em.query(
          `DELETE FROM acknowledged_files WHERE app_id = $1 AND repository_id = $2 AND path = $3`,
          [d.app_id, d.repository_id, d.path],
        );
      } else if (ack && d.path && d.blob_oid && d.commit_sha) {
        await em.query(
          `INSERT INTO acknowledged_files (app_id, repository_id, path, sha256, blob_oid, commit_sha) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (app_id, repository_id, path) DO UPDATE SET sha256 = EXCLUDED.sha256, blob_oid = EXCLUDED.blob_oid,
             commit_sha = EXCLUDED.commit_sha, acknowledged_at = now()`,
          [d.app_id, d.repository_id, d.path, ack.sha256, d.blob_oid, d.commit_sha],
        );
      }
    });
  }

  async recordFailure(
    d: DeliveryEntity,
    attempts: number,
    statusCode: number | null,
    error: string,
    exhausted: boolean,
  ): Promise<void> {
    await this.ds.query(
      `UPDATE deliveries SET attempts = $2, last_status_code = $3, last_error = $4, status = CASE WHEN $5 THEN 'failed' ELSE status END WHERE delivery_id = $1`,
      [d.delivery_id, attempts, statusCode, error.slice(0, 1000), exhausted],
    );
  }

  async recordAttempt(deliveryId: string, attempts: number): Promise<void> {
    await this.ds.query(`UPDATE deliveries SET attempts = $2 WHERE delivery_id = $1`, [deliveryId, attempts]);
  }
}
