import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795462798303 implements MigrationInterface {
  name = 'Init1795462798303';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "apps" ("app_id" character varying(28) NOT NULL, "token_digest" character(64) NOT NULL, "app_name" character varying(100) NOT NULL, "base_url" character varying(2048) NOT NULL, "email" character varying(255) NOT NULL, "website" character varying(2048), "description" character varying(500), "client_auth_key_encrypted" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ffdeb9b34bd94562e679dbc692" PRIMARY KEY ("app_id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_apps_token_digest" ON "apps"  ("token_digest") `);
    await queryRunner.query(
      `CREATE TABLE "repositories" ("repository_id" character varying(29) NOT NULL, "owner" character varying(255) NOT NULL, "name" character varying(255) NOT NULL, "identity" character varying(511) NOT NULL, "github_url" character varying(2048) NOT NULL, "is_private" boolean NOT NULL DEFAULT false, "default_branch" character varying(255) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9175aaa2fdb3a4272a2153ef335" PRIMARY KEY ("repository_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_repositories_identity" ON "repositories"  ("identity") `,
    );
    await queryRunner.query(
      `CREATE TABLE "subscriptions" ("app_id" character varying(28) NOT NULL, "repository_id" character varying(29) NOT NULL, "branch" character varying(255) NOT NULL, "include" jsonb NOT NULL DEFAULT '[]', "exclude" jsonb NOT NULL DEFAULT '[]', "github_token_encrypted" text, "status" character varying(20) NOT NULL DEFAULT 'pending_snapshot', "retry_count" integer NOT NULL DEFAULT '0', "last_error" text, "last_scanned_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_52131fbcf2a7e75ebb12c8c243c" PRIMARY KEY ("app_id", "repository_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_subscriptions_repository_branch" ON "subscriptions"  ("repository_id", "branch") `,
    );
    await queryRunner.query(
      `CREATE TABLE "watched_branches" ("repository_id" character varying(29) NOT NULL, "branch" character varying(255) NOT NULL, "next_check_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5df2074d672a12e236d0ca4c4f7" PRIMARY KEY ("repository_id", "branch"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_watched_branches_due" ON "watched_branches"  ("next_check_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "repo_heads" ("repository_id" character varying(29) NOT NULL, "branch" character varying(255) NOT NULL, "commit_sha" character(40), "checked_at" TIMESTAMP WITH TIME ZONE, "changed_at" TIMESTAMP WITH TIME ZONE, "consecutive_failures" integer NOT NULL DEFAULT '0', "circuit_opened_at" TIMESTAMP WITH TIME ZONE, "circuit_open_until" TIMESTAMP WITH TIME ZONE, "circuit_probing" boolean NOT NULL DEFAULT false, "last_error" text, CONSTRAINT "PK_aeace691f6d1179fe1d5af8751d" PRIMARY KEY ("repository_id", "branch"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "repo_files" ("repository_id" character varying(29) NOT NULL, "branch" character varying(255) NOT NULL, "path" text COLLATE "C" NOT NULL, "blob_oid" character(40) NOT NULL, "size" bigint NOT NULL, "mode" character(6) NOT NULL, CONSTRAINT "PK_81b492221b9e9602edb8a6fd245" PRIMARY KEY ("repository_id", "branch", "path"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "scans" ("scan_id" BIGSERIAL NOT NULL, "repository_id" character varying(29) NOT NULL, "branch" character varying(255) NOT NULL, "from_commit" character(40), "to_commit" character(40) NOT NULL, "changed_files" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2272dd6a9e9504e1569e41344c5" PRIMARY KEY ("scan_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_scans_repository_branch" ON "scans"  ("repository_id", "branch") `,
    );
    await queryRunner.query(
      `CREATE TABLE "scan_changes" ("scan_id" bigint NOT NULL, "path" text COLLATE "C" NOT NULL, "status" character varying(8) NOT NULL, "new_oid" character(40), CONSTRAINT "PK_43c340e15ba64c1a7e607a57534" PRIMARY KEY ("scan_id", "path"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "blobs" ("oid" character(40) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e6f51fbd38d0254ed8980ae2abd" PRIMARY KEY ("oid"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "blob_parts" ("oid" character(40) NOT NULL, "part" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_1aff7b0afc922d67a23998e2bab" PRIMARY KEY ("oid", "part"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "change_sets" ("change_set_id" BIGSERIAL NOT NULL, "app_id" character varying(28) NOT NULL, "repository_id" character varying(29) NOT NULL, "branch" character varying(255) NOT NULL, "from_commit" character(40), "to_commit" character(40) NOT NULL, "item_count" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6c8e01550fa8fe25afa5b352b73" PRIMARY KEY ("change_set_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_change_sets_lane" ON "change_sets"  ("app_id", "repository_id", "change_set_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "change_set_items" ("change_set_id" bigint NOT NULL, "ordinal" integer NOT NULL, "action" character varying(6) NOT NULL, "path" text COLLATE "C" NOT NULL, "blob_oid" character(40), CONSTRAINT "PK_1a71e577c8d87eb2e47e6265eb9" PRIMARY KEY ("change_set_id", "ordinal"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "planned_files" ("app_id" character varying(28) NOT NULL, "repository_id" character varying(29) NOT NULL, "path" text COLLATE "C" NOT NULL, "blob_oid" character(40) NOT NULL, CONSTRAINT "PK_796a898743f5f2fd6dc74c68ee2" PRIMARY KEY ("app_id", "repository_id", "path"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "diff_cursors" ("app_id" character varying(28) NOT NULL, "repository_id" character varying(29) NOT NULL, "branch" character varying(255) NOT NULL, "planned_commit" character(40), "filter" jsonb NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_51d4ffac062c30ac7daa46cd542" PRIMARY KEY ("app_id", "repository_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "deliveries" ("delivery_id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "app_id" character varying(28) NOT NULL, "repository_id" character varying(29) NOT NULL, "change_set_id" bigint, "ordinal" integer, "event" character varying(12) NOT NULL, "path" text COLLATE "C", "blob_oid" character(40), "commit_sha" character(40), "payload" text, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "chunk_id" uuid NOT NULL, "chunks_acked" integer NOT NULL DEFAULT '0', "payload_timestamp" TIMESTAMP WITH TIME ZONE NOT NULL, "last_status_code" integer, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_91135f316d7af8faf5bfce6fb35" PRIMARY KEY ("delivery_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_deliveries_lane_pending" ON "deliveries"  ("app_id", "repository_id", "seq") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_deliveries_item" ON "deliveries"  ("change_set_id", "ordinal") `,
    );
    await queryRunner.query(
      `CREATE TABLE "delivery_lanes" ("app_id" character varying(28) NOT NULL, "repository_id" character varying(29) NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "lease_owner" character varying(64), "lease_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a9fd99b8cc758324177449f23bc" PRIMARY KEY ("app_id", "repository_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_delivery_lanes_due" ON "delivery_lanes"  ("next_attempt_at") `);
    await queryRunner.query(
      `CREATE TABLE "acknowledged_files" ("app_id" character varying(28) NOT NULL, "repository_id" character varying(29) NOT NULL, "path" text COLLATE "C" NOT NULL, "sha256" character(64) NOT NULL, "blob_oid" character(40) NOT NULL, "commit_sha" character(40) NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_148405df6f54ec24cbb00fe3ada" PRIMARY KEY ("app_id", "repository_id", "path"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "ingested_change_sets" ("change_set_id" bigint NOT NULL, "ingested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2165d57f5490694dd3321bb940d" PRIMARY KEY ("change_set_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "subscriptions" ADD CONSTRAINT "FK_a0827e064ec016518d59a7f35c4" FOREIGN KEY ("app_id") REFERENCES "apps"("app_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "subscriptions" ADD CONSTRAINT "FK_b9e7cb0da8a7d7ecd5a9451e0a2" FOREIGN KEY ("repository_id") REFERENCES "repositories"("repository_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "scan_changes" ADD CONSTRAINT "FK_cc0136ad102f181865b36c81113" FOREIGN KEY ("scan_id") REFERENCES "scans"("scan_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "blob_parts" ADD CONSTRAINT "FK_5e57f60af2f82319eb75a2b0166" FOREIGN KEY ("oid") REFERENCES "blobs"("oid") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "change_set_items" ADD CONSTRAINT "FK_0a41461425ade33c26597bb833a" FOREIGN KEY ("change_set_id") REFERENCES "change_sets"("change_set_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "change_set_items" DROP CONSTRAINT "FK_0a41461425ade33c26597bb833a"`,
    );
    await queryRunner.query(`ALTER TABLE "blob_parts" DROP CONSTRAINT "FK_5e57f60af2f82319eb75a2b0166"`);
    await queryRunner.query(`ALTER TABLE "scan_changes" DROP CONSTRAINT "FK_cc0136ad102f181865b36c81113"`);
    await queryRunner.query(`ALTER TABLE "subscriptions" DROP CONSTRAINT "FK_b9e7cb0da8a7d7ecd5a9451e0a2"`);
    await queryRunner.query(`ALTER TABLE "subscriptions" DROP CONSTRAINT "FK_a0827e064ec016518d59a7f35c4"`);
    await queryRunner.query(`DROP TABLE "ingested_change_sets"`);
    await queryRunner.query(`DROP TABLE "acknowledged_files"`);
    await queryRunner.query(`DROP INDEX "public"."ix_delivery_lanes_due"`);
    await queryRunner.query(`DROP TABLE "delivery_lanes"`);
    await queryRunner.query(`DROP INDEX "public"."uq_deliveries_item"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_lane_pending"`);
    await queryRunner.query(`DROP TABLE "deliveries"`);
    await queryRunner.query(`DROP TABLE "diff_cursors"`);
    await queryRunner.query(`DROP TABLE "planned_files"`);
    await queryRunner.query(`DROP TABLE "change_set_items"`);
    await queryRunner.query(`DROP INDEX "public"."ix_change_sets_lane"`);
    await queryRunner.query(`DROP TABLE "change_sets"`);
    await queryRunner.query(`DROP TABLE "blob_parts"`);
    await queryRunner.query(`DROP TABLE "blobs"`);
    await queryRunner.query(`DROP TABLE "scan_changes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_scans_repository_branch"`);
    await queryRunner.query(`DROP TABLE "scans"`);
    await queryRunner.query(`DROP TABLE "repo_files"`);
    await queryRunner.query(`DROP TABLE "repo_heads"`);
    await queryRunner.query(`DROP INDEX "public"."ix_watched_branches_due"`);
    await queryRunner.query(`DROP TABLE "watched_branches"`);
    await queryRunner.query(`DROP INDEX "public"."ix_subscriptions_repository_branch"`);
    await queryRunner.query(`DROP TABLE "subscriptions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_repositories_identity"`);
    await queryRunner.query(`DROP TABLE "repositories"`);
    await queryRunner.query(`DROP INDEX "public"."uq_apps_token_digest"`);
    await queryRunner.query(`DROP TABLE "apps"`);
  }
}
