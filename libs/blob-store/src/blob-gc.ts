import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * What keeps a blob alive, read-only over the tables that reference blobs (the blob store owns this definition):
 * a file in some branch's current listing (scanner), an item of a change set the notifier has not taken in yet
 * (diff), and a delivery still to be sent or retried (notifier). Acknowledged and delivered files are not
 * references: the app already has those bytes.
 */
const UNREFERENCED = `
  NOT EXISTS (SELECT 1 FROM repo_files f WHERE f.blob_oid = b.oid)
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.blob_oid = b.oid AND d.status IN ('pending', 'failed'))
  AND NOT EXISTS (
    SELECT 1 FROM change_set_items i WHERE i.blob_oid = b.oid
       AND NOT EXISTS (SELECT 1 FROM ingested_change_sets g WHERE g.change_set_id = i.change_set_id))`;

/** The same references as ids, for a semi-join (NOT of the anti-joins above would be planned row by row). */
const REFERENCED_OIDS = `
  SELECT f.blob_oid FROM repo_files f
  UNION ALL SELECT d.blob_oid FROM deliveries d WHERE d.status IN ('pending', 'failed') AND d.blob_oid IS NOT NULL
  UNION ALL SELECT i.blob_oid FROM change_set_items i
   WHERE i.blob_oid IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM ingested_change_sets g WHERE g.change_set_id = i.change_set_id)`;

const DELETE_BATCH = 1000;

export interface BlobGcResult {
  /** Newly found unreferenced and marked. */
  marked: number;
  /** Deleted: marked at least a grace period ago and still unreferenced. */
  deleted: number;
  /** Marks cleared because something references the blob again. */
  revived: number;
}

/**
 * Mark and sweep for the blob store, safe against concurrent writers without locking them out:
 * 1. a blob nothing references is marked (orphaned_at = now);
 * 2. a blob marked at least `graceMs` ago and still unreferenced is deleted (its parts cascade).
 * The grace period covers transactions that started before the mark and add a reference from an older snapshot
 * (a diff planning from the listing, the notifier taking in a change set): keep it far above the longest such
 * transaction and the longest scan. A writer reusing a stored blob calls BlobStore.claim, which clears the mark,
 * so the blob cannot be swept for a whole grace period after the claim. Several replicas may run this at once.
 */
@Injectable()
export class BlobGarbageCollector {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async collect(graceMs: number): Promise<BlobGcResult> {
    const [, revived] = await this.ds.query<[unknown, number]>(
      `UPDATE blobs b SET orphaned_at = NULL WHERE b.orphaned_at IS NOT NULL AND b.oid IN (${REFERENCED_OIDS})`,
    );
    let deleted = 0;
    for (;;) {
      // SKIP LOCKED: a row a writer is claiming right now is left for the next run.
      const [rows] = await this.ds.query<[unknown[], number]>(
        `DELETE FROM blobs WHERE oid IN (
           SELECT b.oid FROM blobs b
            WHERE b.orphaned_at < now() - $1 * interval '1 millisecond' AND ${UNREFERENCED}
            LIMIT ${DELETE_BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING oid`,
        [graceMs],
      );
      deleted += rows.length;
      if (rows.length < DELETE_BATCH) {
        break;
      }
    }
    const [, marked] = await this.ds.query<[unknown, number]>(
      `UPDATE blobs b SET orphaned_at = now() WHERE b.orphaned_at IS NULL AND ${UNREFERENCED}`,
    );
    return { marked, deleted, revived };
  }
}
