import { ManualClock } from '@lib/circuit-breaker';
import { DocoraConfig } from '@lib/config';
import { createDataSource } from '@lib/database';
import { createTestDatabase, TestDatabase } from '@lib/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EndpointBreaker } from '../health/endpoint-breaker';
import { EndpointHealthRepository } from '../health/endpoint-health.repository';
import { AttemptRecord, DeliveryOutcomesRepository } from './delivery-outcomes.repository';
import { LaneQueueRepository } from './lane-queue.repository';
import { LaneKey, LanesRepository } from './lanes.repository';

const app = (n: number) => `app_${String(n).padStart(24, '0')}`;
const repo = (n: number) => `repo_${String(n).padStart(24, '0')}`;
const OWNER = 'replica-1';
const LEASE_MS = 10_000;

function attempt(n: number, success: boolean, statusCode: number | null): AttemptRecord {
  return {
    attempt: n,
    chunkIndex: 0,
    chunkTotal: 1,
    webhookId: randomUUID(),
    startedAt: new Date(),
    durationMs: 3,
    success,
    statusCode,
    excerpt: success ? 'ok' : 'boom',
    error: success ? null : `HTTP ${statusCode}`,
  };
}

/** The notifier's SQL for leasing lanes, gating apps and recording outcomes, on a real PostgreSQL. */
describe('delivery store (lanes, queue, outcomes, endpoint health)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let lanes: LanesRepository;
  let queue: LaneQueueRepository;
  let outcomes: DeliveryOutcomesRepository;
  let health: EndpointHealthRepository;

  const addLane = async (lane: LaneKey, due = true) => {
    await ds.query(
      `INSERT INTO delivery_lanes (app_id, repository_id, next_attempt_at) VALUES ($1, $2, $3)`,
      [lane.app_id, lane.repository_id, due ? new Date(Date.now() - 1000) : null],
    );
  };
  const addDelivery = async (lane: LaneKey, path: string) => {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO deliveries (delivery_id, app_id, repository_id, event, path, blob_oid, commit_sha, chunk_id, payload_timestamp)
       VALUES ($1, $2, $3, 'create', $4, $5, $6, $1, now())`,
      [id, lane.app_id, lane.repository_id, path, 'b'.repeat(40), 'c'.repeat(40)],
    );
    return id;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url);
    await ds.initialize();
    lanes = new LanesRepository(ds);
    queue = new LaneQueueRepository(ds);
    outcomes = new DeliveryOutcomesRepository(ds);
    health = new EndpointHealthRepository(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    await ds.query(
      'TRUNCATE delivery_lanes, delivery_attempts, deliveries, endpoint_health, acknowledged_files',
    );
  });

  describe('LanesRepository.claim', () => {
    it('should lease at most perApp lanes of one app, counting lanes already leased', async () => {
      for (let r = 1; r <= 5; r++) {
        await addLane({ app_id: app(1), repository_id: repo(r) });
      }
      await addLane({ app_id: app(2), repository_id: repo(1) });
      const first = await lanes.claim(OWNER, LEASE_MS, 10, 2, []);
      expect(first.filter((l) => l.app_id === app(1))).toHaveLength(2);
      expect(first.filter((l) => l.app_id === app(2))).toHaveLength(1);
      // Two of app 1 are running (leased): no room for a third until one is released.
      expect(await lanes.claim('replica-2', LEASE_MS, 10, 2, [])).toEqual([]);
      await lanes.release(
        first.find((l) => l.app_id === app(1))!,
        OWNER,
        new Date(Date.now() - 1),
      );
      expect(await lanes.claim('replica-2', LEASE_MS, 10, 2, [])).toHaveLength(1);
    });

    it('should never overshoot perApp when replicas claim at the same instant', async () => {
      // Each replica has its own pool, as separate processes do.
      const others = await Promise.all(
        [2, 3].map(async () => {
          const other = createDataSource(db.url);
          await other.initialize();
          return other;
        }),
      );
      try {
        const replicas = [lanes, ...others.map((o) => new LanesRepository(o))];
        for (let round = 0; round < 15; round++) {
          await ds.query('TRUNCATE delivery_lanes');
          for (let r = 1; r <= 8; r++) {
            await addLane({ app_id: app(1), repository_id: repo(r) });
          }
          const claimed = await Promise.all(
            replicas.flatMap((l, i) => [1, 2].map((k) => l.claim(`replica-${i}-${k}`, LEASE_MS, 10, 2, []))),
          );
          expect({ round, leased: claimed.flat().length }).toEqual({ round, leased: 2 });
        }
      } finally {
        await Promise.all(others.map((o) => o.destroy()));
      }
    });

    it('should not lease lanes of a paused app or of an app whose endpoint circuit is open', async () => {
      await addLane({ app_id: app(1), repository_id: repo(1) });
      await addLane({ app_id: app(2), repository_id: repo(1) });
      await addLane({ app_id: app(3), repository_id: repo(1) });
      await health.pause(app(1));
      await ds.query(
        `INSERT INTO endpoint_health (app_id, consecutive_failures, opened_at, open_until)
                      VALUES ($1, 3, now(), now() + interval '1 hour')`,
        [app(2)],
      );
      expect(await lanes.claim(OWNER, LEASE_MS, 10, 4, [])).toEqual([
        { app_id: app(3), repository_id: repo(1) },
      ]);
    });
  });

  describe('LanesRepository.claimProbes', () => {
    const clock = new ManualClock(new Date());
    const breaker = new EndpointBreaker(
      { delivery: { endpointBreakerThreshold: 3, endpointBreakerCooldownMs: 60_000 } } as DocoraConfig,
      clock,
    );

    it('should lease exactly one lane of a cooled-down app and mark its circuit probing', async () => {
      clock.set(new Date());
      for (let r = 1; r <= 3; r++) {
        await addLane({ app_id: app(1), repository_id: repo(r) });
      }
      await ds.query(
        `INSERT INTO endpoint_health (app_id, consecutive_failures, opened_at, open_until)
                      VALUES ($1, 3, now() - interval '2 minutes', now() - interval '1 second')`,
        [app(1)],
      );
      const probes = await lanes.claimProbes(OWNER, LEASE_MS, 4, (s) => breaker.beginProbe(s));
      expect(probes).toHaveLength(1);
      const [h] = await ds.query(`SELECT probing, open_until > now() AS leased FROM endpoint_health`);
      expect(h).toEqual({ probing: true, leased: true });
      // The probe holds the circuit: no second probe, no ordinary lease.
      expect(await lanes.claimProbes('replica-2', LEASE_MS, 4, (s) => breaker.beginProbe(s))).toEqual([]);
      expect(await lanes.claim('replica-2', LEASE_MS, 10, 4, [])).toEqual([]);
    });

    it('should not probe before the cooldown is over, nor a paused app', async () => {
      await addLane({ app_id: app(1), repository_id: repo(1) });
      await addLane({ app_id: app(2), repository_id: repo(1) });
      await ds.query(
        `INSERT INTO endpoint_health (app_id, consecutive_failures, opened_at, open_until)
                      VALUES ($1, 3, now(), now() + interval '1 minute')`,
        [app(1)],
      );
      await ds.query(
        `INSERT INTO endpoint_health (app_id, consecutive_failures, opened_at, open_until, paused)
                      VALUES ($1, 3, now(), now() - interval '1 second', true)`,
        [app(2)],
      );
      expect(await lanes.claimProbes(OWNER, LEASE_MS, 4, (s) => breaker.beginProbe(s))).toEqual([]);
    });
  });

  describe('DeliveryOutcomesRepository', () => {
    const lane = { app_id: app(1), repository_id: repo(1) };

    it('should record a success in one statement: delivery, attempt, acknowledged file, closed circuit', async () => {
      await addLane(lane);
      await addDelivery(lane, 'a.md');
      await ds.query(`INSERT INTO endpoint_health (app_id, consecutive_failures) VALUES ($1, 2)`, [app(1)]);
      await lanes.claim(OWNER, LEASE_MS, 1, 4, []);
      const batch = await queue.next(lane, OWNER, 10);
      expect(batch).toMatchObject({ leaseHeld: true, paused: false, circuitOpen: false, blocked: false });
      const [d] = batch.deliveries;

      expect(
        await outcomes.complete(
          d,
          attempt(1, true, 200),
          { kind: 'hold', sha256: 'f'.repeat(64) },
          { event: 'create', sha: 'f'.repeat(64), previousSha: null },
        ),
      ).toBe(true);
      expect(await ds.query(`SELECT status, attempts, last_status_code FROM deliveries`)).toEqual([
        { status: 'delivered', attempts: 1, last_status_code: 200 },
      ]);
      expect(await ds.query(`SELECT path, sha256 FROM acknowledged_files`)).toEqual([
        { path: 'a.md', sha256: 'f'.repeat(64) },
      ]);
      expect(
        await ds.query(`SELECT attempt, success, status_code, response_excerpt FROM delivery_attempts`),
      ).toEqual([{ attempt: 1, success: true, status_code: 200, response_excerpt: 'ok' }]);
      expect(await ds.query(`SELECT consecutive_failures FROM endpoint_health`)).toEqual([
        { consecutive_failures: 0 },
      ]);
      // Done once: a second completion (a replica that lost the lease) changes nothing.
      expect(await outcomes.complete(d, attempt(1, true, 200), { kind: 'none' }, null)).toBe(false);
      expect(await ds.query(`SELECT count(*)::int AS n FROM delivery_attempts`)).toEqual([{ n: 1 }]);
    });

    it('should record a failure with the circuit transition, and block the lane once exhausted', async () => {
      await addLane(lane);
      await addDelivery(lane, 'a.md');
      await lanes.claim(OWNER, LEASE_MS, 1, 4, []);
      const breaker = new EndpointBreaker(
        { delivery: { endpointBreakerThreshold: 2, endpointBreakerCooldownMs: 60_000 } } as DocoraConfig,
        new ManualClock(new Date()),
      );
      const fail = async (n: number, exhausted: boolean) => {
        const [d] = (await queue.next(lane, OWNER, 10)).deliveries;
        return outcomes.failed(d, attempt(n, false, 500), exhausted, new Date(), (em) =>
          health.update(em, lane.app_id, (s) => breaker.onFailure(s)),
        );
      };
      expect(await fail(1, false)).toEqual({ opened: false });
      expect(await fail(2, true)).toEqual({ opened: true });
      expect(await ds.query(`SELECT status, attempts, last_error FROM deliveries`)).toEqual([
        { status: 'failed', attempts: 2, last_error: 'HTTP 500' },
      ]);
      expect(await queue.next(lane, OWNER, 10)).toMatchObject({
        blocked: true,
        circuitOpen: true,
        deliveries: [],
      });
      expect(await ds.query(`SELECT count(*)::int AS n FROM delivery_attempts WHERE NOT success`)).toEqual([
        { n: 2 },
      ]);
    });

    it('should tell a running lane when its app is paused or its lease is gone', async () => {
      await addLane(lane);
      await lanes.claim(OWNER, LEASE_MS, 1, 4, []);
      expect(await queue.gate(lane, OWNER)).toEqual({ leaseHeld: true, paused: false, circuitOpen: false });
      await health.pause(lane.app_id);
      expect(await queue.gate(lane, OWNER)).toEqual({ leaseHeld: true, paused: true, circuitOpen: false });
      expect((await queue.gate(lane, 'replica-2')).leaseHeld).toBe(false);
    });

    it('should keep an admin pause when a 410 arrives, and resume lanes that waited for a backoff', async () => {
      await addLane(lane);
      await ds.query(`UPDATE delivery_lanes SET next_attempt_at = now() + interval '1 hour'`);
      const paused = await health.pause(lane.app_id);
      await ds.transaction((em) => health.pauseGone(em, lane.app_id));
      expect(await health.pauseState(lane.app_id)).toMatchObject({ paused: true, paused_reason: 'admin' });
      expect((await health.pauseState(lane.app_id)).paused_at).toEqual(paused.paused_at);
      expect(await health.resume(lane.app_id)).toMatchObject({ paused: false, paused_reason: null });
      const [l] = await ds.query(`SELECT next_attempt_at <= now() AS due FROM delivery_lanes`);
      expect(l).toEqual({ due: true });
    });
  });
});
