import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PathFilterSpec } from '@lib/database';
import { DiffCursorEntity } from '@lib/entities';
import { DataSource, EntityManager } from 'typeorm';

import { PlannedItem } from './plan-changes';

/** Diff's writer for diff_cursors, planned_files, change_sets and change_set_items. */
@Injectable()
export class PlansRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * REPEATABLE READ: the head and the listing are read from one snapshot, so a scan committing meanwhile cannot
   * produce a plan that mixes two commits. Callers retry on a serialization failure.
   */
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('REPEATABLE READ', fn);
  }

  /** Locks the (app, repository) cursor: plans of one lane are made one at a time, in commit order. */
  async lockCursor(
    em: EntityManager,
    appId: string,
    repositoryId: string,
    branch: string,
  ): Promise<DiffCursorEntity> {
    await em.query(
      `INSERT INTO diff_cursors (app_id, repository_id, branch) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [appId, repositoryId, branch],
    );
    const rows: DiffCursorEntity[] = await em.query(
      `SELECT * FROM diff_cursors WHERE app_id = $1 AND repository_id = $2 FOR UPDATE`,
      [appId, repositoryId],
    );
    return rows[0];
  }

  async planned(
    em: EntityManager,
    appId: string,
    repositoryId: string,
    paths?: string[],
  ): Promise<Map<string, string>> {
    const rows: { path: string; blob_oid: string }[] = paths
      ? await em.query(
          'SELECT path, blob_oid FROM planned_files WHERE app_id = $1 AND repository_id = $2 AND path = ANY($3)',
          [appId, repositoryId, paths],
        )
      : await em.query('SELECT path, blob_oid FROM planned_files WHERE app_id = $1 AND repository_id = $2', [
          appId,
          repositoryId,
        ]);
    return new Map(rows.map((r) => [r.path, r.blob_oid]));
  }

  /** Forgets what the app was planned to hold (unwatched, or resync: the next plan starts from nothing). */
  async forget(appId: string, repositoryId: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query('DELETE FROM diff_cursors WHERE app_id = $1 AND repository_id = $2', [
        appId,
        repositoryId,
      ]);
      await em.query('DELETE FROM planned_files WHERE app_id = $1 AND repository_id = $2', [
        appId,
        repositoryId,
      ]);
    });
  }

  /** Records a change set and moves the plan forward; returns the change set id (null when nothing changed). */
  async commitPlan(
    em: EntityManager,
    input: {
      appId: string;
      repositoryId: string;
      branch: string;
      fromCommit: string | null;
      toCommit: string;
      filter: PathFilterSpec;
      items: PlannedItem[];
    },
  ): Promise<string | null> {
    const { appId, repositoryId, items } = input;
    let changeSetId: string | null = null;
    if (items.length) {
      const [cs] = await em.query<{ change_set_id: string }[]>(
        `INSERT INTO change_sets (app_id, repository_id, branch, from_commit, to_commit, item_count, full_resend)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING change_set_id`,
        // A plan from nothing (first snapshot, resync, re-registration) re-sends even what the app may hold.
        [
          appId,
          repositoryId,
          input.branch,
          input.fromCommit,
          input.toCommit,
          items.length,
          input.fromCommit === null,
        ],
      );
      changeSetId = cs.change_set_id;
      for (let i = 0; i < items.length; i += 5000) {
        const batch = items.slice(i, i + 5000);
        await em.query(
          `INSERT INTO change_set_items (change_set_id, ordinal, action, path, blob_oid)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[])`,
          [
            changeSetId,
            batch.map((_, k) => i + k),
            batch.map((x) => x.action),
            batch.map((x) => x.path),
            batch.map((x) => x.blob_oid),
          ],
        );
      }
      const removed = items.filter((x) => x.action === 'delete').map((x) => x.path);
      for (let i = 0; i < removed.length; i += 5000) {
        await em.query(
          'DELETE FROM planned_files WHERE app_id = $1 AND repository_id = $2 AND path = ANY($3)',
          [appId, repositoryId, removed.slice(i, i + 5000)],
        );
      }
      const upserts = items.filter((x) => x.action !== 'delete');
      for (let i = 0; i < upserts.length; i += 5000) {
        const batch = upserts.slice(i, i + 5000);
        await em.query(
          `INSERT INTO planned_files (app_id, repository_id, path, blob_oid) SELECT $1, $2, * FROM unnest($3::text[], $4::text[])
           ON CONFLICT (app_id, repository_id, path) DO UPDATE SET blob_oid = EXCLUDED.blob_oid`,
          [appId, repositoryId, batch.map((x) => x.path), batch.map((x) => x.blob_oid)],
        );
      }
    }
    await em.query(
      `UPDATE diff_cursors SET planned_commit = $3, branch = $4, filter = $5::jsonb, updated_at = now() WHERE app_id = $1 AND repository_id = $2`,
      [
        appId,
        repositoryId,
        input.toCommit,
        input.branch,
        JSON.stringify({ include: input.filter.include ?? [], exclude: input.filter.exclude ?? [] }),
      ],
    );
    return changeSetId;
  }
}
