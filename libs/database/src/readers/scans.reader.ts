import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RepoHeadEntity } from '@lib/entities';
import { DataSource, EntityManager } from 'typeorm';

export interface ListedFile {
  path: string;
  blob_oid: string;
}

/** Read-only view of the scanner's heads, listings and scans for the diff app. */
@Injectable()
export class ScansReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  head(
    repositoryId: string,
    branch: string,
    em: EntityManager = this.ds.manager,
  ): Promise<RepoHeadEntity | null> {
    return em.getRepository(RepoHeadEntity).findOne({ where: { repository_id: repositoryId, branch } });
  }

  /** The whole current listing (used for first plans and when an app's plan is not at the scan's base). */
  listing(repositoryId: string, branch: string, em: EntityManager = this.ds.manager): Promise<ListedFile[]> {
    return em.query('SELECT path, blob_oid FROM repo_files WHERE repository_id = $1 AND branch = $2', [
      repositoryId,
      branch,
    ]);
  }

  /** Current listing entries for just these paths (O(changed) planning). */
  listingFor(
    repositoryId: string,
    branch: string,
    paths: string[],
    em: EntityManager = this.ds.manager,
  ): Promise<ListedFile[]> {
    return em.query(
      'SELECT path, blob_oid FROM repo_files WHERE repository_id = $1 AND branch = $2 AND path = ANY($3)',
      [repositoryId, branch, paths],
    );
  }

  async changedPaths(scanId: string, em: EntityManager = this.ds.manager): Promise<string[]> {
    const rows: { path: string }[] = await em.query('SELECT path FROM scan_changes WHERE scan_id = $1', [
      scanId,
    ]);
    return rows.map((r) => r.path);
  }
}
