import { MigrationInterface, QueryRunner } from 'typeorm';

/** client_auth_key rotation: the replaced key keeps signing (beside the new one) until its grace period ends. */
export class ClientKeyRotation1795510000000 implements MigrationInterface {
  name = 'ClientKeyRotation1795510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "apps" ADD "previous_client_auth_key_encrypted" text`);
    await queryRunner.query(`ALTER TABLE "apps" ADD "previous_key_expires_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "apps" DROP COLUMN "previous_key_expires_at"`);
    await queryRunner.query(`ALTER TABLE "apps" DROP COLUMN "previous_client_auth_key_encrypted"`);
  }
}
