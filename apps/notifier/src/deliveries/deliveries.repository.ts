import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChangeSetsReader } from '@lib/database';
import { DataSource } from 'typeorm';
import { LaneKey } from '../dispatch/lanes.repository';

/**
 * Notifier's writer for what is to be delivered: deliveries from change sets and alerts, ingested_change_sets,
 * and lanes forgotten or re-queued by subscription events. Sending is dispatch/'s business.
 */
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
   * Unwatched: what the app had and what was still queued for it are forgotten (v1 semantics). A redelivery still
   * queued (or failed) is a copy of a message that was delivered: it is called off, and its row stays in the log.
   */
  async forgetLane(lane: LaneKey): Promise<void> {
    await this.ds.transaction(async (em) => {
      const args = [lane.app_id, lane.repository_id];
      await em.query(
        `UPDATE deliveries SET status = 'delivered', redelivery = false, next_attempt_at = NULL
          WHERE app_id = $1 AND repository_id = $2 AND redelivery AND status IN ('pending', 'failed')`,
        args,
      );
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
        `UPDATE deliveries SET status = 'pending', attempts = 0, attempt_offset = 0
          WHERE app_id = $1 AND repository_id = $2 AND status = 'failed'`,
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
}
