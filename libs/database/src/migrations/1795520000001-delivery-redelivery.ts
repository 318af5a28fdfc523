import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Redelivery (notifier): what each delivery actually sent (the event, which may differ from the planned one, and
 * the shas in its body), so a redelivery rebuilds the very same bytes; the `redelivery` flag of a row that is
 * pending again; and `attempt_offset`, the X-Docora-Attempt numbers used before the current run (a redelivery or
 * a retry continues the numbering while the retry schedule starts over).
 */
export class DeliveryRedelivery1795520000001 implements MigrationInterface {
  name = 'DeliveryRedelivery1795520000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "sent_event" character varying(12)`);
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "sent_sha" character(64)`);
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "sent_previous_sha" character(64)`);
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "redelivery" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "attempt_offset" integer NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "attempt_offset"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "redelivery"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "sent_previous_sha"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "sent_sha"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "sent_event"`);
  }
}
