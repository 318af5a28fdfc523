import { SubscriptionStatus } from '@lib/entities';
import { createTestDatabase, TestDatabase } from '@lib/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { FailedListQuery, FailedNotificationsReader } from './failed-notifications.reader';
import { effectiveStatus } from './subscription-status';
import { SubscriptionStatusReader } from './subscription-status.reader';

const id = (prefix: 'app' | 'repo', n: number) => `${prefix}_${String(n).padStart(24, '0')}`;
const [A, B, C] = [1, 2, 3].map((n) => id('app', n));
const [R1, R2, R3] = [1, 2, 3].map((n) => id('repo', n));

const QUERY: FailedListQuery = {
  page: 1,
  limit: 100,
  sort_by: 'last_scanned_at',
  sort_order: 'desc',
  search: null,
};
const key = (r: { app_id: string; repository_id: string }) => `${r.app_id}/${r.repository_id}`;

/**
 * Fixtures cover each way to be failed (stored failure with and without an error, a failing pending delivery, an
 * open git circuit) and one subscription that is not failed.
 */
describe(FailedNotificationsReader.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let reader: FailedNotificationsReader;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url);
    await ds.initialize();
    reader = new FailedNotificationsReader(ds);
    for (const [appId, name] of [
      [A, 'Alpha 100% docs'],
      [B, 'Beta_site'],
      [C, 'Gamma'],
    ]) {
      await ds.query(
        `INSERT INTO apps (app_id, token_digest, app_name, base_url, email, client_auth_key_encrypted)
         VALUES ($1, $2, $3, 'https://x.example.com/hooks', 'dev@example.com', 'x')`,
        [appId, appId.padEnd(64, '0'), name],
      );
    }
    for (const [repo, owner, name] of [
      [R1, 'acme', 'one'],
      [R2, 'acme', 'two'],
      [R3, 'globex', 'three'],
    ]) {
      await ds.query(
        `INSERT INTO repositories (repository_id, owner, name, identity, github_url, default_branch)
         VALUES ($1, $2, $3, $4, $5, 'main')`,
        [repo, owner, name, `${owner}/${name}`, `https://github.com/${owner}/${name}`],
      );
    }
    const subs: [string, string, string, number, string | null, string][] = [
      [A, R1, 'failed', 3, 'HTTP 503 from endpoint', '2030-01-01T10:00:00Z'],
      [A, R2, 'pending_snapshot', 0, null, '2030-01-05T00:00:00Z'], // not failed
      [B, R3, 'pending_snapshot', 0, null, '2029-12-01T00:00:00Z'], // failed: circuit open
      [C, R1, 'failed', 2, 'stale registry error', '2030-01-03T00:00:00Z'], // pending delivery error wins
      [C, R2, 'failed', 1, null, '2030-01-04T00:00:00Z'], // no error known
    ];
    for (const [appId, repo, status, retries, error, updatedAt] of subs) {
      await ds.query(
        `INSERT INTO subscriptions (app_id, repository_id, branch, status, retry_count, last_error, updated_at)
         VALUES ($1, $2, 'main', $3, $4, $5, $6)`,
        [appId, repo, status, retries, error, updatedAt],
      );
    }
    await ds.query(
      `INSERT INTO repo_heads (repository_id, branch, consecutive_failures, circuit_opened_at, circuit_open_until, last_error)
       VALUES ($1, 'main', 5, '2030-01-02T00:00:00Z', now() + interval '1 hour', 'git: repository not found')`,
      [R3],
    );
    await ds.query(
      `INSERT INTO deliveries (delivery_id, app_id, repository_id, event, status, attempts, chunk_id, payload_timestamp, last_error)
       VALUES ($1, $2, $3, 'create', 'pending', 7, $4, now(), 'HTTP 500 pending')`,
      [randomUUID(), C, R1, randomUUID()],
    );
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  describe('list', () => {
    it('should list failed subscriptions with the time of the failure, newest first', async () => {
      const { rows, total } = await reader.list(QUERY);
      expect(total).toBe(4);
      expect(rows.map((r) => [key(r), r.failed_at.toISOString(), r.error_message, r.retry_count])).toEqual([
        [`${C}/${R2}`, '2030-01-04T00:00:00.000Z', 'Unknown error', 1],
        [`${C}/${R1}`, '2030-01-03T00:00:00.000Z', 'HTTP 500 pending', 7],
        [`${B}/${R3}`, '2030-01-02T00:00:00.000Z', 'git: repository not found', 5],
        [`${A}/${R1}`, '2030-01-01T10:00:00.000Z', 'HTTP 503 from endpoint', 3],
      ]);
      expect(rows[2]).toMatchObject({
        app_name: 'Beta_site',
        owner: 'globex',
        name: 'three',
        github_url: 'https://github.com/globex/three',
      });
    });

    it('should agree with effectiveStatus on which subscriptions failed, their error and retry count', async () => {
      const facts = await new SubscriptionStatusReader(ds).all();
      const failed = facts
        .map((f) => ({ f, s: effectiveStatus(f) }))
        .filter(({ s }) => s.status === SubscriptionStatus.Failed)
        .map(({ f, s }) => [key(f), s.last_error ?? 'Unknown error', s.retry_count])
        .sort();
      const { rows } = await reader.list(QUERY);
      expect(rows.map((r) => [key(r), r.error_message, r.retry_count]).sort()).toEqual(failed);
    });

    it.each([
      ['app_name', 'asc', [A, B, C, C]],
      ['app_name', 'desc', [C, C, B, A]],
    ] as const)('should sort by %s %s', async (sort_by, sort_order, apps) => {
      const { rows } = await reader.list({ ...QUERY, sort_by, sort_order });
      expect(rows.map((r) => r.app_id)).toEqual(apps);
    });

    it('should sort by owner/name and by retry count', async () => {
      const byName = await reader.list({ ...QUERY, sort_by: 'repository_name', sort_order: 'asc' });
      expect(byName.rows.map((r) => `${r.owner}/${r.name}`)).toEqual([
        'acme/one',
        'acme/one',
        'acme/two',
        'globex/three',
      ]);
      const byRetries = await reader.list({ ...QUERY, sort_by: 'retry_count', sort_order: 'asc' });
      expect(byRetries.rows.map((r) => r.retry_count)).toEqual([1, 3, 5, 7]);
    });

    it.each([
      ['%', [`${A}/${R1}`]],
      ['_', [`${B}/${R3}`]],
      ['GLOBEX', [`${B}/${R3}`]],
      ['acme/two', [`${C}/${R2}`]],
      ['two', [`${C}/${R2}`]],
      ['503', [`${A}/${R1}`]],
      ['unknown', [`${C}/${R2}`]],
      ['stale registry', []],
      ['\\', []],
    ])('should search %p literally in app, owner, name and error', async (search, keys) => {
      const { rows, total } = await reader.list({ ...QUERY, search });
      expect(rows.map(key).sort()).toEqual([...keys].sort());
      expect(total).toBe(keys.length);
    });

    it('should page without repeating or skipping rows', async () => {
      const pages = await Promise.all(
        [1, 2, 3].map((page) => reader.list({ ...QUERY, sort_by: 'app_name', limit: 2, page })),
      );
      expect(pages.map((p) => p.rows.length)).toEqual([2, 2, 0]);
      expect(pages.every((p) => p.total === 4)).toBe(true);
      const all = (await reader.list({ ...QUERY, sort_by: 'app_name' })).rows.map(key);
      expect(pages.flatMap((p) => p.rows.map(key))).toEqual(all);
    });
  });

  describe('failedSubscriptions', () => {
    it('should list the failed subscriptions of one app or of all apps', async () => {
      expect((await reader.failedSubscriptions(C)).map(key)).toEqual([`${C}/${R1}`, `${C}/${R2}`]);
      expect((await reader.failedSubscriptions(A)).map(key)).toEqual([`${A}/${R1}`]);
      expect((await reader.failedSubscriptions(null)).map(key).sort()).toEqual(
        [`${A}/${R1}`, `${B}/${R3}`, `${C}/${R1}`, `${C}/${R2}`].sort(),
      );
    });
  });
});
