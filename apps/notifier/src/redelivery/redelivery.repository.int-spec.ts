import { BlobStore } from '@lib/blob-store';
import { AppError, RedeliveryMessages } from '@lib/contracts';
import { ChangeSetsReader, createDataSource, DeliveriesReader, SubscriptionsReader } from '@lib/database';
import { createTestDatabase, TestDatabase } from '@lib/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { RedeliveryRepository } from './redelivery.repository';

const id = (prefix: 'app' | 'repo', n: number) => `${prefix}_${String(n).padStart(24, '0')}`;
const [A, B] = [1, 2].map((n) => id('app', n));
const [R1, R2, R3] = [1, 2, 3].map((n) => id('repo', n));
const STORED = 's'.repeat(40);
const MISSING = 'm'.repeat(40);

interface Fixture {
  app?: string;
  repo?: string;
  status: string;
  event?: string;
  blob?: string | null;
  sent?: string | null;
  redelivery?: boolean;
  attempts?: number;
  /** Attempt numbers logged in delivery_attempts. */
  logged?: number[];
}

/** Every way a delivery can or cannot be redelivered, against real PostgreSQL; the bulk count must agree. */
describe(RedeliveryRepository.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let repository: RedeliveryRepository;
  let reader: DeliveriesReader;
  const ids: Record<string, string> = {};

  const fixtures: Record<string, Fixture> = {
    delivered: { status: 'delivered', sent: 'update', attempts: 1, logged: [1, 2, 1] },
    notRecorded: { status: 'delivered', sent: null },
    alert: { status: 'delivered', event: 'sync_failed', blob: null, sent: null },
    pending: { status: 'pending' },
    skipped: { status: 'skipped' },
    failed: { status: 'failed', attempts: 4 },
    contentGone: { status: 'delivered', sent: 'update', blob: MISSING },
    deleted: { status: 'delivered', event: 'delete', sent: 'delete', blob: MISSING },
    unwatched: { repo: R3, status: 'delivered', sent: 'create' },
    otherApp: { app: B, repo: R2, status: 'delivered', sent: 'create' },
    failedCopy: { status: 'failed', sent: 'create', redelivery: true, attempts: 3 },
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url);
    await ds.initialize();
    repository = new RedeliveryRepository(ds, new BlobStore(ds), new SubscriptionsReader(ds));
    reader = new DeliveriesReader(ds);
    for (const app of [A, B]) {
      await ds.query(
        `INSERT INTO apps (app_id, token_digest, app_name, base_url, email, client_auth_key_encrypted)
         VALUES ($1, $2, $1, 'https://x.example.com/hooks', 'dev@example.com', 'x')`,
        [app, app.padEnd(64, '0')],
      );
    }
    for (const repo of [R1, R2, R3]) {
      await ds.query(
        `INSERT INTO repositories (repository_id, owner, name, identity, github_url, default_branch)
         VALUES ($1, 'acme', $1, $1, $1, 'main')`,
        [repo],
      );
    }
    for (const [app, repo] of [
      [A, R1],
      [B, R2],
    ]) {
      await ds.query(`INSERT INTO subscriptions (app_id, repository_id, branch) VALUES ($1, $2, 'main')`, [
        app,
        repo,
      ]);
    }
    await ds.query(`INSERT INTO blobs (oid, size) VALUES ($1, 1)`, [STORED]);
    for (const [name, f] of Object.entries(fixtures)) {
      ids[name] = randomUUID();
      await ds.query(
        `INSERT INTO deliveries (delivery_id, app_id, repository_id, event, path, blob_oid, status, sent_event,
                                 sent_sha, redelivery, attempts, chunk_id, chunks_acked, payload_timestamp)
         VALUES ($1, $2, $3, $4, 'x.md', $5, $6, $7, $8, $9, $10, $1, 2, now())`,
        [
          ids[name],
          f.app ?? A,
          f.repo ?? R1,
          f.event ?? 'create',
          f.blob === undefined ? STORED : f.blob,
          f.status,
          f.sent ?? null,
          f.sent ? 'e'.repeat(64) : null,
          f.redelivery ?? false,
          f.attempts ?? 0,
        ],
      );
      for (const attempt of f.logged ?? []) {
        await ds.query(
          `INSERT INTO delivery_attempts (delivery_id, app_id, repository_id, event, attempt, webhook_id, started_at,
                                          duration_ms, success)
           VALUES ($1, $2, $3, 'create', $4, $1, now(), 1, true)`,
          [ids[name], A, R1, attempt],
        );
      }
    }
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const row = async (name: string) =>
    (
      await ds.query(
        `SELECT status, redelivery, attempts, attempt_offset, chunks_acked FROM deliveries WHERE delivery_id = $1`,
        [ids[name]],
      )
    )[0];
  const refusal = (name: string, appId: string | null = A) =>
    repository.requeue({ delivery_id: ids[name], app_id: appId }).then(
      () => 'accepted',
      (e: AppError) => `${e.code}: ${e.message}`,
    );

  it('should count and snapshot for a bulk redelivery exactly the deliveries it accepts, oldest first', async () => {
    const redeliverable = ['delivered', 'alert', 'failed', 'deleted', 'otherApp', 'failedCopy'];
    await expect(reader.countRedeliverable({})).resolves.toBe(redeliverable.length);
    await expect(reader.redeliverableIds({}, 100)).resolves.toEqual(redeliverable.map((n) => ids[n]));
    await expect(reader.redeliverableIds({ app_id: A, status: 'failed' }, 100)).resolves.toEqual([
      ids.failed,
      ids.failedCopy,
    ]);
  });

  it('should refuse what cannot be sent again, with the reason, and change nothing', async () => {
    const before = await ds.query(`SELECT * FROM deliveries ORDER BY seq`);
    expect({
      notRecorded: await refusal('notRecorded'),
      pending: await refusal('pending'),
      skipped: await refusal('skipped'),
      contentGone: await refusal('contentGone'),
      unwatched: await refusal('unwatched'),
      otherApp: await refusal('otherApp'),
    }).toEqual({
      notRecorded: `CONFLICT: ${RedeliveryMessages.NotRecorded}`,
      pending: `CONFLICT: ${RedeliveryMessages.Pending}`,
      skipped: `CONFLICT: ${RedeliveryMessages.Skipped}`,
      contentGone: `CONFLICT: ${RedeliveryMessages.ContentGone}`,
      unwatched: `CONFLICT: ${RedeliveryMessages.Unwatched}`,
      otherApp: `NOT_FOUND: ${RedeliveryMessages.NotFound}`,
    });
    await expect(
      repository.requeue({ delivery_id: randomUUID(), app_id: null }).catch((e: AppError) => e.message),
    ).resolves.toBe(RedeliveryMessages.NotFound);
    await expect(ds.query(`SELECT * FROM deliveries ORDER BY seq`)).resolves.toEqual(before);
  });

  it('should put a delivered one back as a redelivery from its first chunk, numbering after every attempt', async () => {
    await expect(repository.requeue({ delivery_id: ids.delivered, app_id: A })).resolves.toEqual({
      delivery_id: ids.delivered,
      app_id: A,
      repository_id: R1,
      unblocked: false,
    });
    expect(await row('delivered')).toEqual({
      status: 'pending',
      redelivery: true,
      attempts: 2,
      attempt_offset: 2,
      chunks_acked: 0,
    });
    const [lane] = await ds.query(
      `SELECT next_attempt_at <= now() AS due FROM delivery_lanes WHERE app_id = $1`,
      [A],
    );
    expect(lane).toEqual({ due: true });
    await expect(refusal('delivered')).resolves.toBe(`CONFLICT: ${RedeliveryMessages.Pending}`);
  });

  it('should retry a failed one where it stopped (unblocking its lane), and any app’s for an admin', async () => {
    await expect(repository.requeue({ delivery_id: ids.failed, app_id: A })).resolves.toMatchObject({
      unblocked: true,
    });
    expect(await row('failed')).toEqual({
      status: 'pending',
      redelivery: false,
      attempts: 4,
      attempt_offset: 4,
      chunks_acked: 2,
    });
    await expect(repository.requeue({ delivery_id: ids.failedCopy, app_id: null })).resolves.toMatchObject({
      unblocked: false, // a failed redelivery never blocked anything
    });
    await expect(repository.requeue({ delivery_id: ids.otherApp, app_id: null })).resolves.toMatchObject({
      app_id: B,
    });
    await expect(repository.requeue({ delivery_id: ids.deleted, app_id: A })).resolves.toMatchObject({
      delivery_id: ids.deleted,
    });
  });

  it('should call queued redeliveries off when the lane is forgotten, keeping their rows in the log', async () => {
    await new DeliveriesRepository(ds, new ChangeSetsReader(ds)).forgetLane({ app_id: A, repository_id: R1 });
    const left = await ds.query<{ delivery_id: string; status: string; redelivery: boolean }[]>(
      `SELECT delivery_id, status, redelivery FROM deliveries WHERE delivery_id = ANY($1)`,
      [[ids.delivered, ids.failedCopy, ids.failed, ids.pending]],
    );
    expect(new Map(left.map((r) => [r.delivery_id, [r.status, r.redelivery]]))).toEqual(
      new Map([
        [ids.delivered, ['delivered', false]],
        [ids.failedCopy, ['delivered', false]],
      ]),
    );
  });
});
