import { SubscriptionStatus } from '@lib/entities';
import { createTestDatabase, TestDatabase } from '@lib/testing';
import { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { AdminReader, AppListQuery } from './admin.reader';
import { effectiveStatus } from './subscription-status';
import { SubscriptionStatusReader } from './subscription-status.reader';

const id = (prefix: 'app' | 'repo', n: number) => `${prefix}_${String(n).padStart(24, '0')}`;
const [A, B, C, D, E] = [1, 2, 3, 4, 5].map((n) => id('app', n));
const [R1, R2, R3, R4] = [1, 2, 3, 4].map((n) => id('repo', n));

const QUERY: AppListQuery = { page: 1, limit: 100, sort_by: 'created_at', sort_order: 'asc', search: null };

/**
 * The admin counts are SQL while the per-subscription status is TypeScript (effectiveStatus): this checks that
 * both call the same subscriptions failed, on fixtures covering each way to be failed or not.
 */
describe(AdminReader.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let reader: AdminReader;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url);
    await ds.initialize();
    reader = new AdminReader(ds);
    const apps: [string, string, string, string][] = [
      [A, 'Alpha 100% docs', 'https://a.example.com/hooks', '2030-01-01'],
      [B, 'Beta_site', 'https://b.example.com/hooks', '2030-01-02'],
      [C, 'BetaXsite', 'https://c.example.com/hooks', '2030-01-03'],
      [D, 'Delta back\\slash', 'https://d.example.com/hooks', '2030-01-04'],
      [E, 'Echo 100 docs', 'https://e.example.com/x_y', '2030-01-05'],
    ];
    for (const [appId, name, url, created] of apps) {
      await ds.query(
        `INSERT INTO apps (app_id, token_digest, app_name, base_url, email, client_auth_key_encrypted, created_at)
         VALUES ($1, $2, $3, $4, 'dev@example.com', 'x', $5)`,
        [appId, appId.padEnd(64, '0'), name, url, created],
      );
    }
    for (const repo of [R1, R2, R3, R4]) {
      await ds.query(
        `INSERT INTO repositories (repository_id, owner, name, identity, github_url, default_branch)
         VALUES ($1, 'acme', $1, $1, $2, 'main')`,
        [repo, `https://github.com/acme/${repo}`],
      );
    }
    const subs: [string, string, string, SubscriptionStatus][] = [
      [A, R1, 'main', SubscriptionStatus.PendingSnapshot], // failed: circuit of r1/main open
      [A, R2, 'main', SubscriptionStatus.PendingSnapshot], // not failed: r2/main's circuit closed again
      [B, R1, 'main', SubscriptionStatus.PendingSnapshot], // failed: same open circuit
      [B, R3, 'dev', SubscriptionStatus.Failed], // failed: stored (and r3/dev open: counted once)
      [C, R2, 'dev', SubscriptionStatus.PendingSnapshot], // not failed: only another branch of r2 is open
    ];
    for (const [appId, repo, branch, status] of subs) {
      await ds.query(
        `INSERT INTO subscriptions (app_id, repository_id, branch, status) VALUES ($1, $2, $3, $4)`,
        [appId, repo, branch, status],
      );
    }
    const heads: [string, string, string | null][] = [
      [R1, 'main', `now() + interval '1 hour'`],
      [R2, 'main', `now() - interval '1 minute'`],
      [R2, 'feature', `now() + interval '1 hour'`],
      [R3, 'dev', `now() + interval '1 hour'`],
    ];
    for (const [repo, branch, until] of heads) {
      await ds.query(
        `INSERT INTO repo_heads (repository_id, branch, consecutive_failures, circuit_open_until)
         VALUES ($1, $2, 5, ${until})`,
        [repo, branch],
      );
    }
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  describe('overview', () => {
    it('should count apps, distinct watched repositories and effectively failed subscriptions', async () => {
      await expect(reader.overview()).resolves.toEqual({
        total_apps: 5,
        total_repositories: 3, // 5 links over r1, r2, r3; r4 is watched by nobody
        failed_notifications: 3,
      });
    });

    it('should agree with effectiveStatus on which subscriptions are failed', async () => {
      const facts = await new SubscriptionStatusReader(ds).all();
      const failed = facts.filter((f) => effectiveStatus(f).status === SubscriptionStatus.Failed);
      expect((await reader.overview()).failed_notifications).toBe(failed.length);
      const { rows } = await reader.listApps(QUERY);
      for (const row of rows) {
        expect([row.app_id, row.failed_notification_count]).toEqual([
          row.app_id,
          failed.filter((f) => f.app_id === row.app_id).length,
        ]);
      }
    });
  });

  describe('listApps', () => {
    it('should return summaries with counts', async () => {
      const { rows, total } = await reader.listApps(QUERY);
      expect(total).toBe(5);
      expect(rows.map((r) => [r.app_id, r.repository_count, r.failed_notification_count])).toEqual([
        [A, 2, 1],
        [B, 2, 2],
        [C, 1, 0],
        [D, 0, 0],
        [E, 0, 0],
      ]);
      expect(rows[0].created_at).toBeInstanceOf(Date);
    });

    it.each([
      ['100%', [A]],
      ['a_s', [B]],
      ['\\', [D]],
      ['x_y', [E]],
      ['100', [A, E]],
      ['BETA', [B, C]],
      ['c.example.com', [C]],
      ['nothing-matches', []],
    ])('should match the search %p literally in app_name or base_url', async (search, expected) => {
      const { rows, total } = await reader.listApps({ ...QUERY, search });
      expect(rows.map((r) => r.app_id)).toEqual(expected);
      expect(total).toBe(expected.length);
    });

    it('should sort by failed_notification_count, breaking ties by app_id', async () => {
      const { rows } = await reader.listApps({
        ...QUERY,
        sort_by: 'failed_notification_count',
        sort_order: 'desc',
      });
      expect(rows.map((r) => r.app_id)).toEqual([B, A, E, D, C]);
    });

    it('should sort by repository_count ascending', async () => {
      const { rows } = await reader.listApps({ ...QUERY, sort_by: 'repository_count', sort_order: 'asc' });
      expect(rows.map((r) => r.app_id)).toEqual([D, E, C, A, B]);
    });

    it('should sort by app_name', async () => {
      const { rows } = await reader.listApps({ ...QUERY, sort_by: 'app_name', sort_order: 'desc' });
      expect(rows.map((r) => r.app_name[0])).toEqual(['E', 'D', 'B', 'B', 'A']);
    });

    it('should page with limit and offset while total counts every match', async () => {
      const q: AppListQuery = { ...QUERY, limit: 2, sort_order: 'desc' };
      const pages = await Promise.all([1, 2, 3, 4].map((page) => reader.listApps({ ...q, page })));
      expect(pages.map((p) => p.rows.map((r) => r.app_id))).toEqual([[E, D], [C, B], [A], []]);
      expect(pages.every((p) => p.total === 5)).toBe(true);
    });
  });

  describe('appDetail', () => {
    it('should return the app with its counts', async () => {
      await ds.query(
        `INSERT INTO acknowledged_files (app_id, repository_id, path, sha256, blob_oid, commit_sha)
         VALUES ($1, $2, 'a.md', $3, $4, $4), ($1, $2, 'b.md', $3, $4, $4)`,
        [A, R1, 'f'.repeat(64), 'c'.repeat(40)],
      );
      await ds.query(`UPDATE repo_heads SET commit_sha = $1 WHERE repository_id = $2`, ['c'.repeat(40), R1]);
      await expect(reader.appDetail(A)).resolves.toMatchObject({
        app_id: A,
        app_name: 'Alpha 100% docs',
        email: 'dev@example.com',
        website: null,
        description: null,
        delivery_count: 2,
        snapshot_count: 1,
      });
    });

    it('should give the previous client key expiry only while it is in the future', async () => {
      await expect(reader.appDetail(A)).resolves.toMatchObject({ previous_key_expires_at: null });
      const until = new Date(Date.now() + 3600_000);
      await ds.query(`UPDATE apps SET previous_key_expires_at = $2 WHERE app_id = $1`, [A, until]);
      const row = await reader.appDetail(A);
      expect(row?.previous_key_expires_at?.getTime()).toBe(until.getTime());
      await ds.query(
        `UPDATE apps SET previous_key_expires_at = now() - interval '1 second' WHERE app_id = $1`,
        [A],
      );
      await expect(reader.appDetail(A)).resolves.toMatchObject({ previous_key_expires_at: null });
    });

    it('should return null for an unknown app', async () => {
      await expect(reader.appDetail(id('app', 99))).resolves.toBeNull();
    });
  });

  describe('repositories', () => {
    it('should return the named repositories only', async () => {
      const rows = await reader.repositories([R1, R4, id('repo', 99)]);
      expect(rows.map((r) => r.repository_id).sort()).toEqual([R1, R4]);
      await expect(reader.repositories([])).resolves.toEqual([]);
    });
  });
});
