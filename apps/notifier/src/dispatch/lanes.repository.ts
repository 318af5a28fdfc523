import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BreakerState } from '@lib/circuit-breaker';
import { DataSource } from 'typeorm';
import { healthState } from '../health/endpoint-health.repository';
import { LANE_BLOCKING } from './lane-queue.repository';

export interface LaneKey {
  app_id: string;
  repository_id: string;
}

export interface LeasedLane extends LaneKey {
  /** The single attempt that tests whether an app's endpoint is back after its circuit's cooldown. */
  probe: boolean;
}

/** The app's deliveries may go out: not paused, endpoint circuit closed. SQL over a lane aliased `l`. */
const APP_GATE_OPEN = `NOT EXISTS (SELECT 1 FROM endpoint_health h
   WHERE h.app_id = l.app_id AND (h.paused OR h.open_until IS NOT NULL))`;
/**
 * Advisory lock (two-int key space, apart from the scanner's one-bigint repository locks) serialising lane claims
 * across notifier replicas (READ COMMITTED: the claim statement that follows sees every earlier claim's leases).
 */
const CLAIM_LOCK = [0x646f63, 1];
const LANE_FREE = `l.next_attempt_at <= now() AND (l.lease_until IS NULL OR l.lease_until < now())`;

/**
 * Notifier's writer for `delivery_lanes`: leases (disjoint across replicas, renewed while alive, taken over when
 * they lapse) and the endpoint-health gate that keeps paused apps and open circuits from being leased at all.
 */
@Injectable()
export class LanesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Leases up to `limit` due lanes of apps whose deliveries may go out, at most `perApp` running lanes per app
   * (counting lanes already leased anywhere), so one app with many repositories and a hanging endpoint cannot
   * take every slot. Claims are serialised across replicas by a transaction-scoped advisory lock: the statement
   * runs after the previous claim committed and sees its leases, so two replicas claiming at the same instant
   * cannot both fill an app's quota. (A claim is one short statement; waiting for another one costs little.)
   */
  async claim(
    owner: string,
    leaseMs: number,
    limit: number,
    perApp: number,
    exclude: string[],
  ): Promise<LaneKey[]> {
    return this.ds.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1, $2)', CLAIM_LOCK);
      // FOR UPDATE cannot sit beside a window function, so candidates are locked first and ranked after.
      const [rows] = await em.query<[LaneKey[], number]>(
        `WITH cand AS (
         SELECT l.app_id, l.repository_id, l.next_attempt_at FROM delivery_lanes l
          WHERE ${LANE_FREE} AND ${APP_GATE_OPEN} AND NOT (l.app_id || '/' || l.repository_id = ANY($5::text[]))
          ORDER BY l.next_attempt_at LIMIT $3 * 4 FOR UPDATE OF l SKIP LOCKED
       ), busy AS (
         SELECT b.app_id, count(*)::int AS n FROM delivery_lanes b
          WHERE b.lease_until >= now() AND b.app_id IN (SELECT app_id FROM cand) GROUP BY b.app_id
       ), ranked AS (
         SELECT c.app_id, c.repository_id, c.next_attempt_at,
                row_number() OVER (PARTITION BY c.app_id ORDER BY c.next_attempt_at) + COALESCE(busy.n, 0) AS slot
           FROM cand c LEFT JOIN busy ON busy.app_id = c.app_id
       ), due AS (
         SELECT app_id, repository_id FROM ranked WHERE slot <= $4 ORDER BY next_attempt_at LIMIT $3
       )
       UPDATE delivery_lanes l SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'
         FROM due WHERE l.app_id = due.app_id AND l.repository_id = due.repository_id
       RETURNING l.app_id, l.repository_id`,
        [owner, leaseMs, limit, perApp, exclude],
      );
      return rows;
    });
  }

  /**
   * For apps whose endpoint circuit has cooled down (`beginProbe` returns the probing state, or null when the
   * breaker says not yet): leases one due lane each and marks the circuit probing, in one transaction, so exactly
   * one attempt tests the endpoint. The circuit row stays locked until then, so replicas never probe twice.
   */
  async claimProbes(
    owner: string,
    leaseMs: number,
    limit: number,
    beginProbe: (state: BreakerState) => BreakerState | null,
  ): Promise<LaneKey[]> {
    if (limit <= 0) {
      return [];
    }
    return this.ds.transaction(async (em) => {
      const apps = await em.query<
        {
          app_id: string;
          consecutive_failures: number;
          opened_at: Date;
          open_until: Date;
          probing: boolean;
        }[]
      >(
        `SELECT h.app_id, h.consecutive_failures, h.opened_at, h.open_until, h.probing FROM endpoint_health h
          WHERE NOT h.paused AND h.open_until <= now()
            AND EXISTS (SELECT 1 FROM delivery_lanes l WHERE l.app_id = h.app_id AND ${LANE_FREE})
          ORDER BY h.open_until LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const leased: LaneKey[] = [];
      for (const row of apps) {
        const next = beginProbe(healthState(row));
        if (!next) {
          continue;
        }
        const [lanes] = await em.query<[LaneKey[], number]>(
          `UPDATE delivery_lanes l SET lease_owner = $2, lease_until = now() + $3 * interval '1 millisecond'
            WHERE (l.app_id, l.repository_id) = (
              SELECT app_id, repository_id FROM delivery_lanes l WHERE l.app_id = $1 AND ${LANE_FREE}
               ORDER BY l.next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING l.app_id, l.repository_id`,
          [row.app_id, owner, leaseMs],
        );
        if (lanes.length) {
          await em.query(
            `UPDATE endpoint_health SET probing = $2, open_until = $3, updated_at = now() WHERE app_id = $1`,
            [row.app_id, next.probing, next.openUntil],
          );
          leased.push(lanes[0]);
        }
      }
      return leased;
    });
  }

  /** Extends the leases this replica holds; answers the lanes it still holds. */
  async renew(owner: string, leaseMs: number): Promise<LaneKey[]> {
    const [rows] = await this.ds.query<[LaneKey[], number]>(
      `UPDATE delivery_lanes SET lease_until = now() + $2 * interval '1 millisecond' WHERE lease_owner = $1
       RETURNING app_id, repository_id`,
      [owner, leaseMs],
    );
    return rows;
  }

  /** Gives the lane back; `retryAt` null means "nothing pending unless new work arrived meanwhile". */
  async release(lane: LaneKey, owner: string, retryAt: Date | null): Promise<void> {
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
             WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.app_id = $1 AND d.repository_id = $2 AND d.status = 'pending'
              AND (d.redelivery OR NOT EXISTS (SELECT 1 FROM deliveries x
                    WHERE x.app_id = $1 AND x.repository_id = $2 AND ${LANE_BLOCKING('x')}))) THEN now()
             ELSE NULL END
         WHERE app_id = $1 AND repository_id = $2 AND lease_owner = $3`,
        [lane.app_id, lane.repository_id, owner, retryAt],
      );
    });
  }
}
