import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795307024657 implements MigrationInterface {
  name = 'Initial1795307024657';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TYPE \"public\".\"standard_status\" AS ENUM('in_development', 'approved_for_delivery', 'retired')",
    );
    await queryRunner.query(
      'CREATE TABLE "standards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(20) NOT NULL, "version" character varying(20) NOT NULL, "title" character varying(300) NOT NULL, "level" smallint NOT NULL, "status" "public"."standard_status" NOT NULL, "evidence_threshold" smallint NOT NULL DEFAULT \'1\', "summary" text, "content_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_standards_code_version" UNIQUE ("code", "version"), CONSTRAINT "pk_standards" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"criterion_kind\" AS ENUM('knowledge', 'skill', 'behaviour', 'duty')",
    );
    await queryRunner.query(
      'CREATE TABLE "criteria" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "standard_id" uuid NOT NULL, "kind" "public"."criterion_kind" NOT NULL, "code" character varying(10) NOT NULL, "text" text NOT NULL, "position" smallint NOT NULL, CONSTRAINT "uq_criteria_standard_id_code" UNIQUE ("standard_id", "code"), CONSTRAINT "pk_criteria" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "assessment_methods" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "standard_id" uuid NOT NULL, "code" character varying(40) NOT NULL, "name" character varying(200) NOT NULL, "position" smallint NOT NULL, CONSTRAINT "uq_assessment_methods_standard_id_code" UNIQUE ("standard_id", "code"), CONSTRAINT "pk_assessment_methods" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "duty_links" ("duty_id" uuid NOT NULL, "ksb_id" uuid NOT NULL, CONSTRAINT "pk_duty_links" PRIMARY KEY ("duty_id", "ksb_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "assessment_method_criteria" ("assessment_method_id" uuid NOT NULL, "criterion_id" uuid NOT NULL, CONSTRAINT "pk_assessment_method_criteria" PRIMARY KEY ("assessment_method_id", "criterion_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_assessment_method_criteria_assessment_method_id" ON "assessment_method_criteria"  ("assessment_method_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_assessment_method_criteria_criterion_id" ON "assessment_method_criteria"  ("criterion_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "criteria" ADD CONSTRAINT "fk_criteria_standard_id" FOREIGN KEY ("standard_id") REFERENCES "standards"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "assessment_methods" ADD CONSTRAINT "fk_assessment_methods_standard_id" FOREIGN KEY ("standard_id") REFERENCES "standards"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "duty_links" ADD CONSTRAINT "fk_duty_links_duty_id" FOREIGN KEY ("duty_id") REFERENCES "criteria"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "duty_links" ADD CONSTRAINT "fk_duty_links_ksb_id" FOREIGN KEY ("ksb_id") REFERENCES "criteria"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "assessment_method_criteria" ADD CONSTRAINT "fk_assessment_method_criteria_assessment_method_id" FOREIGN KEY ("assessment_method_id") REFERENCES "assessment_methods"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE "assessment_method_criteria" ADD CONSTRAINT "fk_assessment_method_criteria_criterion_id" FOREIGN KEY ("criterion_id") REFERENCES "criteria"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "assessment_method_criteria" DROP CONSTRAINT "fk_assessment_method_criteria_criterion_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "assessment_method_criteria" DROP CONSTRAINT "fk_assessment_method_criteria_assessment_method_id"',
    );
    await queryRunner.query('ALTER TABLE "duty_links" DROP CONSTRAINT "fk_duty_links_ksb_id"');
    await queryRunner.query('ALTER TABLE "duty_links" DROP CONSTRAINT "fk_duty_links_duty_id"');
    await queryRunner.query(
      'ALTER TABLE "assessment_methods" DROP CONSTRAINT "fk_assessment_methods_standard_id"',
    );
    await queryRunner.query('ALTER TABLE "criteria" DROP CONSTRAINT "fk_criteria_standard_id"');
    await queryRunner.query('DROP INDEX "public"."ix_assessment_method_criteria_criterion_id"');
    await queryRunner.query(
      'DROP INDEX "public"."ix_assessment_method_criteria_assessment_method_id"',
    );
    await queryRunner.query('DROP TABLE "assessment_method_criteria"');
    await queryRunner.query('DROP TABLE "duty_links"');
    await queryRunner.query('DROP TABLE "assessment_methods"');
    await queryRunner.query('DROP TABLE "criteria"');
    await queryRunner.query('DROP TYPE "public"."criterion_kind"');
    await queryRunner.query('DROP TABLE "standards"');
    await queryRunner.query('DROP TYPE "public"."standard_status"');
  }
}
