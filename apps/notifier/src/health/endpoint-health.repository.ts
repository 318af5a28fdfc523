import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BreakerState } from '@lib/circuit-breaker';
import { EndpointPauseReason } from '@lib/entities';
import { DataSource, EntityManager } from 'typeorm';

interface HealthRow {
  consecutive_failures: number;
  opened_at: Date | null;
  open_until: Date | null;
  probing: boolean;
}

export interface PauseState {
  app_id: string;
  paused: boolean;
  paused_reason: EndpointPauseReason | null;
  paused_at: Date | null;
  /** Deliveries waiting (pending) for the app, all repositories. */
  queued_deliveries: number;
}

export function healthState(row: HealthRow): BreakerState {
  return {
    consecutiveFailures: row.consecutive_failures,
    openedAt: row.opened_at && new Date(row.opened_at),
    openUntil: row.open_until && new Date(row.open_until),
    probing: row.probing,
  };
}

/** Notifier's writer for `endpoint_health` (per-app endpoint circuit and pause). No row means healthy. */
@Injectable()
export class EndpointHealthRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Applies `transition` to the app's circuit under a row lock (concurrent lanes of one app fail together), so
   * no failure is lost and the circuit opens exactly once.
   */
  async update<T>(
    em: EntityManager,
    appId: string,
    transition: (state: BreakerState) => { state: BreakerState; result: T },
  ): Promise<T> {
    await em.query(`INSERT INTO endpoint_health (app_id) VALUES ($1) ON CONFLICT DO NOTHING`, [appId]);
    const [row] = await em.query<HealthRow[]>(
      `SELECT consecutive_failures, opened_at, open_until, probing FROM endpoint_health WHERE app_id = $1 FOR UPDATE`,
      [appId],
    );
    const { state, result } = transition(healthState(row));
    await em.query(
      `UPDATE endpoint_health SET consecutive_failures = $2, opened_at = $3, open_until = $4, probing = $5,
              updated_at = now() WHERE app_id = $1`,
      [appId, state.consecutiveFailures, state.openedAt, state.openUntil, state.probing],
    );
    return result;
  }

  /** 410 Gone: paused at once until an admin resumes (an admin's own pause keeps its reason). */
  async pauseGone(em: EntityManager, appId: string): Promise<void> {
    await em.query(
      `INSERT INTO endpoint_health (app_id, paused, paused_reason, paused_at) VALUES ($1, true, 'gone', now())
       ON CONFLICT (app_id) DO UPDATE SET paused = true, updated_at = now(),
         paused_reason = CASE WHEN endpoint_health.paused THEN endpoint_health.paused_reason ELSE 'gone' END,
         paused_at = CASE WHEN endpoint_health.paused THEN endpoint_health.paused_at ELSE now() END`,
      [appId],
    );
  }

  /** Admin pause; pausing a paused app keeps when and why it was first paused. */
  async pause(appId: string): Promise<PauseState> {
    await this.ds.query(
      `INSERT INTO endpoint_health (app_id, paused, paused_reason, paused_at) VALUES ($1, true, 'admin', now())
       ON CONFLICT (app_id) DO UPDATE SET paused = true, updated_at = now(),
         paused_reason = COALESCE(endpoint_health.paused_reason, 'admin'),
         paused_at = COALESCE(endpoint_health.paused_at, now())`,
      [appId],
    );
    return this.pauseState(appId);
  }

  /**
   * Admin resume: the app's deliveries go out again from where they stopped, in order. The endpoint circuit is
   * reset too (the admin vouches for the endpoint; if it is still down the breaker opens again) and lanes waiting
   * for a backoff are due now. Lanes blocked by a failed delivery stay blocked until that subscription is retried.
   */
  async resume(appId: string): Promise<PauseState> {
    await this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE endpoint_health SET paused = false, paused_reason = NULL, paused_at = NULL, consecutive_failures = 0,
                opened_at = NULL, open_until = NULL, probing = false, updated_at = now() WHERE app_id = $1`,
        [appId],
      );
      await em.query(
        `UPDATE delivery_lanes SET next_attempt_at = now() WHERE app_id = $1 AND next_attempt_at > now()`,
        [appId],
      );
    });
    return this.pauseState(appId);
  }

  /**
   * An explicit retry (admin or app) says the endpoint should work again: its circuit closes, so the retried
   * deliveries go now rather than after the cooldown's probe. A pause (admin, 410) is not lifted: only resume does
   * that. Answers whether a circuit was open or counting failures.
   */
  async closeCircuit(appId: string): Promise<boolean> {
    const [, count] = await this.ds.query<[unknown[], number]>(
      `UPDATE endpoint_health SET consecutive_failures = 0, opened_at = NULL, open_until = NULL, probing = false,
              updated_at = now()
        WHERE app_id = $1 AND (consecutive_failures > 0 OR open_until IS NOT NULL)`,
      [appId],
    );
    return count > 0;
  }

  async pauseState(appId: string): Promise<PauseState> {
    const [row] = await this.ds.query<PauseState[]>(
      `SELECT $1::text AS app_id, COALESCE(h.paused, false) AS paused, h.paused_reason, h.paused_at,
              (SELECT count(*) FROM deliveries d WHERE d.app_id = $1 AND d.status = 'pending')::int AS queued_deliveries
         FROM (SELECT 1) one LEFT JOIN endpoint_health h ON h.app_id = $1`,
      [appId],
    );
    return row;
  }
}
