import { DocoraConfig } from '@lib/config';
import { createDataSource } from '@lib/database';
import { createTestDatabase, TestDatabase } from '@lib/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeliveryLogRetention } from './delivery-log-retention';

const APP = `app_${'1'.padStart(24, '0')}`;
const REPO = `repo_${'1'.padStart(24, '0')}`;
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY);

interface Row {
  status: string;
  created: Date;
  delivered: Date | null;
  attempts: number;
}

/** Retention of the delivery log against real PostgreSQL: what goes, what must stay. */
describe(DeliveryLogRetention.name, () => {
  let db: TestDatabase;
  let ds: DataSource;

  const retention = (days: number) =>
    new DeliveryLogRetention(ds, {
      delivery: { logRetentionMs: days * DAY, logPruneIntervalMs: 3_600_000 },
    } as unknown as DocoraConfig);

  async function insert(rows: Record<string, Row>): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    for (const [name, r] of Object.entries(rows)) {
      ids[name] = randomUUID();
      await ds.query(
        `INSERT INTO deliveries (delivery_id, app_id, repository_id, event, path, status, chunk_id, payload_timestamp,
                                 created_at, delivered_at)
         VALUES ($1, $2, $3, 'create', $4, $5, $1, $6, $6, $7)`,
        [ids[name], APP, REPO, `${name}.md`, r.status, r.created, r.delivered],
      );
      for (let a = 1; a <= r.attempts; a++) {
        await ds.query(
          `INSERT INTO delivery_attempts (delivery_id, app_id, repository_id, event, attempt, webhook_id, started_at,
                                          duration_ms, success)
           VALUES ($1, $2, $3, 'create', $4, $1, $5, 1, $6)`,
          [ids[name], APP, REPO, a, r.created, a === r.attempts],
        );
      }
    }
    return ids;
  }

  const remaining = async (ids: Record<string, string>) => {
    const rows: { delivery_id: string }[] = await ds.query(
      'SELECT delivery_id FROM deliveries WHERE delivery_id = ANY($1)',
      [Object.values(ids)],
    );
    const left = new Set(rows.map((r) => r.delivery_id));
    return Object.keys(ids)
      .filter((n) => left.has(ids[n]))
      .sort();
  };
  const attemptsOf = async (id: string) =>
    Number((await ds.query('SELECT count(*) AS n FROM delivery_attempts WHERE delivery_id = $1', [id]))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url);
    await ds.initialize();
  });

  beforeEach(async () => {
    await ds.query('DELETE FROM deliveries');
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('should delete completed deliveries older than the cutoff with their attempts, and keep owed work', async () => {
    const ids = await insert({
      oldDelivered: { status: 'delivered', created: daysAgo(40), delivered: daysAgo(40), attempts: 3 },
      oldSkipped: { status: 'skipped', created: daysAgo(40), delivered: null, attempts: 0 },
      recentDelivered: { status: 'delivered', created: daysAgo(2), delivered: daysAgo(2), attempts: 1 },
      // Created long ago, completed (e.g. redelivered) inside the window: still in the log.
      oldButRedelivered: { status: 'delivered', created: daysAgo(40), delivered: daysAgo(1), attempts: 2 },
      oldPending: { status: 'pending', created: daysAgo(40), delivered: null, attempts: 5 },
      oldFailed: { status: 'failed', created: daysAgo(40), delivered: null, attempts: 9 },
    });

    const removed = await retention(30).prune(daysAgo(30));

    expect(removed).toBe(2);
    expect(await remaining(ids)).toEqual(['oldButRedelivered', 'oldFailed', 'oldPending', 'recentDelivered']);
    expect(await attemptsOf(ids.oldDelivered)).toBe(0);
    expect(await attemptsOf(ids.oldPending)).toBe(5);
    expect(await attemptsOf(ids.oldFailed)).toBe(9);
    expect(await attemptsOf(ids.oldButRedelivered)).toBe(2);
  });

  it('should remove more rows than one batch holds, in batches', async () => {
    await ds.query(
      `INSERT INTO deliveries (delivery_id, app_id, repository_id, event, path, status, chunk_id, payload_timestamp,
                               created_at, delivered_at)
       SELECT id, $1, $2, 'create', 'f' || n || '.md', 'delivered', id, $3, $3, $3
         FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 5003) AS n) s`,
      [APP, REPO, daysAgo(100)],
    );
    const keep = await insert({
      recent: { status: 'delivered', created: daysAgo(1), delivered: daysAgo(1), attempts: 0 },
    });

    await expect(retention(30).prune(daysAgo(30))).resolves.toBe(5003);

    expect(Number((await ds.query('SELECT count(*) AS n FROM deliveries'))[0].n)).toBe(1);
    expect(await remaining(keep)).toEqual(['recent']);
  });

  it('should keep everything when the retention is 0 (forever)', async () => {
    const ids = await insert({
      ancient: { status: 'delivered', created: daysAgo(3000), delivered: daysAgo(3000), attempts: 1 },
    });

    await retention(0).task.run();

    expect(await remaining(ids)).toEqual(['ancient']);
  });

  it('should prune on its periodic pass with the configured retention', async () => {
    const ids = await insert({
      old: { status: 'delivered', created: daysAgo(8), delivered: daysAgo(8), attempts: 1 },
      young: { status: 'delivered', created: daysAgo(6), delivered: daysAgo(6), attempts: 1 },
    });

    await retention(7).task.run();

    expect(await remaining(ids)).toEqual(['young']);
  });
});
