import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * File contents are compressed with lz4 instead of pglz: writing them is the largest part of a first import
 * (about a third faster for a 20,000-file repository, docs/benchmarks.md) and they still compress. Rows already
 * stored keep their compression. A server built without lz4 keeps pglz (and says so) rather than failing.
 */
export class BlobPartsLz41795995600000 implements MigrationInterface {
  name = 'BlobPartsLz41795995600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DO $$ BEGIN
      ALTER TABLE "blob_parts" ALTER COLUMN "data" SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported THEN
      RAISE NOTICE 'PostgreSQL has no lz4 support: blob_parts.data keeps the default compression';
    END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "blob_parts" ALTER COLUMN "data" SET COMPRESSION DEFAULT`);
  }
}
