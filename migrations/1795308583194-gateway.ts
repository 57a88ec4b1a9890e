import { MigrationInterface, QueryRunner } from 'typeorm';

export class Gateway1795308583194 implements MigrationInterface {
  name = 'Gateway1795308583194';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TYPE \"public\".\"declaration_role\" AS ENUM('apprentice', 'employer', 'provider')",
    );
    await queryRunner.query(
      'CREATE TABLE "gateway_declarations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "apprenticeship_id" uuid NOT NULL, "role" "public"."declaration_role" NOT NULL, "signed_by_id" uuid NOT NULL, "statement" text NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_gateway_declarations_apprenticeship_id_role" UNIQUE ("apprenticeship_id", "role"), CONSTRAINT "pk_gateway_declarations" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "portfolio_snapshots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "apprenticeship_id" uuid NOT NULL, "created_by_id" uuid NOT NULL, "content" jsonb NOT NULL, "content_sha256" character(64) NOT NULL, "pdf_storage_key" character varying(300) NOT NULL, "pdf_sha256" character(64) NOT NULL, "pdf_size" bigint NOT NULL, "override_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_portfolio_snapshots" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_portfolio_snapshots_apprenticeship_id" ON "portfolio_snapshots"  ("apprenticeship_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "snapshot_evidence" ("snapshot_id" uuid NOT NULL, "evidence_id" uuid NOT NULL, CONSTRAINT "pk_snapshot_evidence" PRIMARY KEY ("snapshot_id", "evidence_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_snapshot_evidence_evidence_id" ON "snapshot_evidence"  ("evidence_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "gateway_declarations" ADD CONSTRAINT "fk_gateway_declarations_apprenticeship_id" FOREIGN KEY ("apprenticeship_id") REFERENCES "apprenticeships"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "gateway_declarations" ADD CONSTRAINT "fk_gateway_declarations_signed_by_id" FOREIGN KEY ("signed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "portfolio_snapshots" ADD CONSTRAINT "fk_portfolio_snapshots_apprenticeship_id" FOREIGN KEY ("apprenticeship_id") REFERENCES "apprenticeships"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "portfolio_snapshots" ADD CONSTRAINT "fk_portfolio_snapshots_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "snapshot_evidence" ADD CONSTRAINT "fk_snapshot_evidence_snapshot_id" FOREIGN KEY ("snapshot_id") REFERENCES "portfolio_snapshots"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "snapshot_evidence" ADD CONSTRAINT "fk_snapshot_evidence_evidence_id" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "snapshot_evidence" DROP CONSTRAINT "fk_snapshot_evidence_evidence_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "snapshot_evidence" DROP CONSTRAINT "fk_snapshot_evidence_snapshot_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "portfolio_snapshots" DROP CONSTRAINT "fk_portfolio_snapshots_created_by_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "portfolio_snapshots" DROP CONSTRAINT "fk_portfolio_snapshots_apprenticeship_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "gateway_declarations" DROP CONSTRAINT "fk_gateway_declarations_signed_by_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "gateway_declarations" DROP CONSTRAINT "fk_gateway_declarations_apprenticeship_id"',
    );
    await queryRunner.query('DROP INDEX "public"."ix_snapshot_evidence_evidence_id"');
    await queryRunner.query('DROP TABLE "snapshot_evidence"');
    await queryRunner.query('DROP INDEX "public"."ix_portfolio_snapshots_apprenticeship_id"');
    await queryRunner.query('DROP TABLE "portfolio_snapshots"');
    await queryRunner.query('DROP TABLE "gateway_declarations"');
    await queryRunner.query('DROP TYPE "public"."declaration_role"');
  }
}
