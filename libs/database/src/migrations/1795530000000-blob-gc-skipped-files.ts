import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Blob garbage collection (a blob is first marked orphaned, then deleted after a grace period if still
 * unreferenced), SHA-256 no longer computed when a blob is stored (the notifier hashes what it sends), lz4 for
 * blob contents, and the files a scan skipped (above MAX_FILE_SIZE_BYTES), shown in the subscription status.
 */
export class BlobGcSkippedFiles1795530000000 implements MigrationInterface {
  name = 'BlobGcSkippedFiles1795530000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "blobs" ADD "orphaned_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "ix_blobs_orphaned" ON "blobs" ("orphaned_at") WHERE orphaned_at IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "blobs" DROP COLUMN "sha256"`);
    // lz4 compresses file contents much faster than the default pglz (a 20,000-file import spends most of its
    // database time there); only where the server was built with it.
    const lz4 = (await queryRunner.query(
      `SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)`,
    )) as unknown[];
    if (lz4.length > 0) {
      await queryRunner.query(`ALTER TABLE "blob_parts" ALTER COLUMN "data" SET COMPRESSION lz4`);
    }
    await queryRunner.query(
      `CREATE TABLE "repo_skipped_files" ("repository_id" character varying(29) NOT NULL, "branch" character varying(255) NOT NULL, "path" text COLLATE "C" NOT NULL, "size" bigint NOT NULL, "reason" character varying(20) NOT NULL, "skipped_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_repo_skipped_files" PRIMARY KEY ("repository_id", "branch", "path"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "repo_skipped_files"`);
    await queryRunner.query(`ALTER TABLE "blob_parts" ALTER COLUMN "data" SET COMPRESSION default`);
    await queryRunner.query(`ALTER TABLE "blobs" ADD "sha256" character(64) NOT NULL DEFAULT ''`);
    await queryRunner.query(`DROP INDEX "public"."ix_blobs_orphaned"`);
    await queryRunner.query(`ALTER TABLE "blobs" DROP COLUMN "orphaned_at"`);
  }
}
