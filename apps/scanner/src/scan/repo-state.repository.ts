import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BreakerState } from '@lib/circuit-breaker';
import { RepoHeadEntity, SkipReason } from '@lib/entities';
import { TreeChange } from '@lib/git';
import { DataSource, EntityManager } from 'typeorm';
import type { SkippedFile } from './listing-diff';

export interface ListingEntry {
  path: string;
  blob_oid: string;
}

/** Scanner's writer for repo_heads, repo_files, scans and scan_changes. */
@Injectable()
export class RepoStateRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async head(repositoryId: string, branch: string): Promise<RepoHeadEntity> {
    await this.ds.query(
      `INSERT INTO repo_heads (repository_id, branch) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [repositoryId, branch],
    );
    return this.ds.getRepository(RepoHeadEntity).findOneByOrFail({ repository_id: repositoryId, branch });
  }

  /** A no-change check writes nothing but this timestamp (and closes a circuit that was probing). */
  async markChecked(repositoryId: string, branch: string, breaker: BreakerState): Promise<void> {
    await this.ds.query(
      `UPDATE repo_heads SET checked_at = now(), consecutive_failures = $3, circuit_opened_at = $4, circuit_open_until = $5,
         circuit_probing = $6, last_error = CASE WHEN $3 = 0 THEN NULL ELSE last_error END
       WHERE repository_id = $1 AND branch = $2`,
      [
        repositoryId,
        branch,
        breaker.consecutiveFailures,
        breaker.openedAt,
        breaker.openUntil,
        breaker.probing,
      ],
    );
  }

  async saveBreaker(
    repositoryId: string,
    branch: string,
    breaker: BreakerState,
    lastError?: string,
  ): Promise<void> {
    await this.ds.query(
      `UPDATE repo_heads SET consecutive_failures = $3, circuit_opened_at = $4, circuit_open_until = $5, circuit_probing = $6,
         last_error = COALESCE($7, last_error), checked_at = now()
       WHERE repository_id = $1 AND branch = $2`,
      [
        repositoryId,
        branch,
        breaker.consecutiveFailures,
        breaker.openedAt,
        breaker.openUntil,
        breaker.probing,
        lastError ?? null,
      ],
    );
  }

  /** Nothing watches the repository any more: its heads, listing and scans go (scan_changes cascade). */
  async forgetRepository(repositoryId: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query('DELETE FROM repo_files WHERE repository_id = $1', [repositoryId]);
      await em.query('DELETE FROM repo_skipped_files WHERE repository_id = $1', [repositoryId]);
      await em.query('DELETE FROM scans WHERE repository_id = $1', [repositoryId]);
      await em.query('DELETE FROM repo_heads WHERE repository_id = $1', [repositoryId]);
    });
  }

  /** Nothing watches the branch any more: its head, listing and scans go, so their blobs can be collected. */
  async forgetBranch(repositoryId: string, branch: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      for (const table of ['repo_files', 'repo_skipped_files', 'scans', 'repo_heads']) {
        await em.query(`DELETE FROM ${table} WHERE repository_id = $1 AND branch = $2`, [
          repositoryId,
          branch,
        ]);
      }
    });
  }

  /** A new token: the circuit closes and the next check runs normally. */
  async closeCircuit(repositoryId: string, branch: string): Promise<void> {
    await this.ds.query(
      `UPDATE repo_heads SET consecutive_failures = 0, circuit_opened_at = NULL, circuit_open_until = NULL, circuit_probing = false
        WHERE repository_id = $1 AND branch = $2`,
      [repositoryId, branch],
    );
  }

  listing(repositoryId: string, branch: string): Promise<ListingEntry[]> {
    return this.ds.query('SELECT path, blob_oid FROM repo_files WHERE repository_id = $1 AND branch = $2', [
      repositoryId,
      branch,
    ]);
  }

  /**
   * Applies one move of the branch atomically: listing, scan record, head. Diff reads head and listing together,
   * so it never sees a listing that does not match the head commit.
   */
  async recordMove(input: {
    repositoryId: string;
    branch: string;
    fromCommit: string | null;
    toCommit: string;
    changes: TreeChange[];
    /** Files left out of the listing; `touched`: every path the move concerned; `all`: the whole tree was listed. */
    skipped: { files: SkippedFile[]; touched: string[]; all: boolean };
    breaker: BreakerState;
  }): Promise<string> {
    const { repositoryId, branch, changes } = input;
    return this.ds.transaction(async (em) => {
      const deleted = changes.filter((c) => c.status === 'deleted').map((c) => c.path);
      for (let i = 0; i < deleted.length; i += 5000) {
        await em.query('DELETE FROM repo_files WHERE repository_id = $1 AND branch = $2 AND path = ANY($3)', [
          repositoryId,
          branch,
          deleted.slice(i, i + 5000),
        ]);
      }
      const upserts = changes.filter((c) => c.status !== 'deleted');
      for (let i = 0; i < upserts.length; i += 2000) {
        const batch = upserts.slice(i, i + 2000);
        await em.query(
          `INSERT INTO repo_files (repository_id, branch, path, blob_oid, size, mode)
           SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[])
           ON CONFLICT (repository_id, branch, path) DO UPDATE SET blob_oid = EXCLUDED.blob_oid, size = EXCLUDED.size, mode = EXCLUDED.mode`,
          [
            repositoryId,
            branch,
            batch.map((c) => c.path),
            batch.map((c) => c.newOid),
            batch.map((c) => c.size ?? 0),
            batch.map((c) => c.newMode),
          ],
        );
      }
      const [scan] = await em.query<{ scan_id: string }[]>(
        `INSERT INTO scans (repository_id, branch, from_commit, to_commit, changed_files) VALUES ($1, $2, $3, $4, $5) RETURNING scan_id`,
        [repositoryId, branch, input.fromCommit, input.toCommit, changes.length],
      );
      // A scan from nothing needs no change list: diff plans it by comparing the whole listing anyway.
      if (input.fromCommit !== null) {
        await this.insertScanChanges(em, scan.scan_id, changes);
      }
      await this.recordSkipped(em, repositoryId, branch, input.skipped);
      await em.query(
        `UPDATE repo_heads SET commit_sha = $3, checked_at = now(), changed_at = now(), consecutive_failures = $4,
           circuit_opened_at = $5, circuit_open_until = $6, circuit_probing = $7, last_error = NULL
         WHERE repository_id = $1 AND branch = $2`,
        [
          repositoryId,
          branch,
          input.toCommit,
          input.breaker.consecutiveFailures,
          input.breaker.openedAt,
          input.breaker.openUntil,
          input.breaker.probing,
        ],
      );
      return scan.scan_id;
    });
  }

  /** Skipped files are kept like the listing: replaced on a full listing, else updated where the move touched. */
  private async recordSkipped(
    em: EntityManager,
    repositoryId: string,
    branch: string,
    skipped: { files: SkippedFile[]; touched: string[]; all: boolean },
  ): Promise<void> {
    if (skipped.all) {
      await em.query('DELETE FROM repo_skipped_files WHERE repository_id = $1 AND branch = $2', [
        repositoryId,
        branch,
      ]);
    } else {
      for (let i = 0; i < skipped.touched.length; i += 5000) {
        await em.query(
          'DELETE FROM repo_skipped_files WHERE repository_id = $1 AND branch = $2 AND path = ANY($3)',
          [repositoryId, branch, skipped.touched.slice(i, i + 5000)],
        );
      }
    }
    for (let i = 0; i < skipped.files.length; i += 5000) {
      const batch = skipped.files.slice(i, i + 5000);
      await em.query(
        `INSERT INTO repo_skipped_files (repository_id, branch, path, size, reason)
         SELECT $1, $2, p, s, $5 FROM unnest($3::text[], $4::bigint[]) AS t(p, s)`,
        [repositoryId, branch, batch.map((f) => f.path), batch.map((f) => f.size), SkipReason.TooLarge],
      );
    }
  }

  private async insertScanChanges(em: EntityManager, scanId: string, changes: TreeChange[]): Promise<void> {
    for (let i = 0; i < changes.length; i += 5000) {
      const batch = changes.slice(i, i + 5000);
      await em.query(
        `INSERT INTO scan_changes (scan_id, path, status, new_oid) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])`,
        [scanId, batch.map((c) => c.path), batch.map((c) => c.status), batch.map((c) => c.newOid)],
      );
    }
  }
}
