import { MigrationInterface, QueryRunner } from 'typeorm';

/** Resync support: a change set that re-sends everything, and deliveries that ignore what was acknowledged. */
export class ResyncFlags1795466000000 implements MigrationInterface {
  name = 'ResyncFlags1795466000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "change_sets" ADD "full_resend" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "force" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "force"`);
    await queryRunner.query(`ALTER TABLE "change_sets" DROP COLUMN "full_resend"`);
  }
}
