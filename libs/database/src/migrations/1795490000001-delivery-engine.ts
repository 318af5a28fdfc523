import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery engine (notifier): one row per HTTP attempt, per-app endpoint health (circuit breaker and pause), and
 * the indexes the delivery log filters on (app, repository, status, time range).
 */
export class DeliveryEngine1795490000001 implements MigrationInterface {
  name = 'DeliveryEngine1795490000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delivery_attempts" ("attempt_id" BIGSERIAL NOT NULL, "delivery_id" uuid NOT NULL, "app_id" character varying(28) NOT NULL, "repository_id" character varying(29) NOT NULL, "event" character varying(12) NOT NULL, "attempt" integer NOT NULL, "chunk_index" integer NOT NULL DEFAULT '0', "chunk_total" integer NOT NULL DEFAULT '1', "webhook_id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_ms" integer NOT NULL, "success" boolean NOT NULL, "status_code" integer, "response_excerpt" text, "error" text, CONSTRAINT "PK_delivery_attempts" PRIMARY KEY ("attempt_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_delivery_attempts_delivery" ON "delivery_attempts" ("delivery_id", "attempt_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_delivery_attempts_app_started" ON "delivery_attempts" ("app_id", "started_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_delivery_attempts_repository_started" ON "delivery_attempts" ("repository_id", "started_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_attempts" ADD CONSTRAINT "FK_delivery_attempts_delivery" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("delivery_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "last_attempt_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "ix_deliveries_app_created" ON "deliveries" ("app_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_deliveries_repository_created" ON "deliveries" ("repository_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_deliveries_status_created" ON "deliveries" ("status", "created_at")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_deliveries_created" ON "deliveries" ("created_at")`);
    await queryRunner.query(
      `CREATE INDEX "ix_deliveries_lane_failed" ON "deliveries" ("app_id", "repository_id") WHERE status = 'failed'`,
    );
    await queryRunner.query(
      `CREATE TABLE "endpoint_health" ("app_id" character varying(28) NOT NULL, "consecutive_failures" integer NOT NULL DEFAULT '0', "opened_at" TIMESTAMP WITH TIME ZONE, "open_until" TIMESTAMP WITH TIME ZONE, "probing" boolean NOT NULL DEFAULT false, "paused" boolean NOT NULL DEFAULT false, "paused_reason" character varying(8), "paused_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_endpoint_health" PRIMARY KEY ("app_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "endpoint_health"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_lane_failed"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_repository_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_app_created"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "last_attempt_at"`);
    await queryRunner.query(`DROP TABLE "delivery_attempts"`);
  }
}
