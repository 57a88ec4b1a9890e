import { MigrationInterface, QueryRunner } from 'typeorm';

export class People1795307248138 implements MigrationInterface {
  name = 'People1795307248138';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TYPE \"public\".\"organisation_kind\" AS ENUM('provider', 'employer', 'assessment_organisation')",
    );
    await queryRunner.query(
      'CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."organisation_kind" NOT NULL, "name" character varying(200) NOT NULL, "ukprn" character(8), "provider_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_organisations_ukprn" UNIQUE ("ukprn"), CONSTRAINT "chk_organisations_employer_provider" CHECK ((kind = \'employer\') = (provider_id IS NOT NULL)), CONSTRAINT "chk_organisations_provider_ukprn" CHECK (kind <> \'provider\' OR ukprn IS NOT NULL), CONSTRAINT "pk_organisations" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "cohorts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "standard_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "start_date" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_cohorts_provider_id_name" UNIQUE ("provider_id", "name"), CONSTRAINT "pk_cohorts" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"user_role\" AS ENUM('admin', 'provider', 'employer', 'apprentice', 'assessor')",
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "role" "public"."user_role" NOT NULL, "organisation_id" uuid, "provider_id" uuid, "password_hash" character varying(255) NOT NULL, "disabled_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_users" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") ');
    await queryRunner.query(
      "CREATE TYPE \"public\".\"apprenticeship_status\" AS ENUM('in_training', 'gateway', 'epa', 'completed', 'withdrawn')",
    );
    await queryRunner.query(
      'CREATE TABLE "apprenticeships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "apprentice_id" uuid NOT NULL, "standard_id" uuid NOT NULL, "provider_id" uuid NOT NULL, "employer_id" uuid NOT NULL, "cohort_id" uuid, "tutor_id" uuid NOT NULL, "assessor_id" uuid, "uln" character(10) NOT NULL, "start_date" date NOT NULL, "planned_gateway_date" date NOT NULL, "status" "public"."apprenticeship_status" NOT NULL DEFAULT \'in_training\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_apprenticeships_dates" CHECK (planned_gateway_date > start_date), CONSTRAINT "pk_apprenticeships" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_apprenticeships_assessor_id" ON "apprenticeships"  ("assessor_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_apprenticeships_employer_id" ON "apprenticeships"  ("employer_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_apprenticeships_apprentice_id" ON "apprenticeships"  ("apprentice_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_apprenticeships_cohort_id" ON "apprenticeships"  ("cohort_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_apprenticeships_provider_id" ON "apprenticeships"  ("provider_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "organisations" ADD CONSTRAINT "fk_organisations_provider_id" FOREIGN KEY ("provider_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cohorts" ADD CONSTRAINT "fk_cohorts_provider_id" FOREIGN KEY ("provider_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cohorts" ADD CONSTRAINT "fk_cohorts_standard_id" FOREIGN KEY ("standard_id") REFERENCES "standards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "fk_users_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "fk_users_provider_id" FOREIGN KEY ("provider_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" ADD CONSTRAINT "fk_apprenticeships_apprentice_id" FOREIGN KEY ("apprentice_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" ADD CONSTRAINT "fk_apprenticeships_standard_id" FOREIGN KEY ("standard_id") REFERENCES "standards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" ADD CONSTRAINT "fk_apprenticeships_provider_id" FOREIGN KEY ("provider_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" ADD CONSTRAINT "fk_apprenticeships_employer_id" FOREIGN KEY ("employer_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" ADD CONSTRAINT "fk_apprenticeships_cohort_id" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" ADD CONSTRAINT "fk_apprenticeships_tutor_id" FOREIGN KEY ("tutor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" ADD CONSTRAINT "fk_apprenticeships_assessor_id" FOREIGN KEY ("assessor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" DROP CONSTRAINT "fk_apprenticeships_assessor_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" DROP CONSTRAINT "fk_apprenticeships_tutor_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" DROP CONSTRAINT "fk_apprenticeships_cohort_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" DROP CONSTRAINT "fk_apprenticeships_employer_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" DROP CONSTRAINT "fk_apprenticeships_provider_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" DROP CONSTRAINT "fk_apprenticeships_standard_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "apprenticeships" DROP CONSTRAINT "fk_apprenticeships_apprentice_id"',
    );
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "fk_users_provider_id"');
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "fk_users_organisation_id"');
    await queryRunner.query('ALTER TABLE "cohorts" DROP CONSTRAINT "fk_cohorts_standard_id"');
    await queryRunner.query('ALTER TABLE "cohorts" DROP CONSTRAINT "fk_cohorts_provider_id"');
    await queryRunner.query(
      'ALTER TABLE "organisations" DROP CONSTRAINT "fk_organisations_provider_id"',
    );
    await queryRunner.query('DROP INDEX "public"."ix_apprenticeships_provider_id"');
    await queryRunner.query('DROP INDEX "public"."ix_apprenticeships_cohort_id"');
    await queryRunner.query('DROP INDEX "public"."ix_apprenticeships_apprentice_id"');
    await queryRunner.query('DROP INDEX "public"."ix_apprenticeships_employer_id"');
    await queryRunner.query('DROP INDEX "public"."ix_apprenticeships_assessor_id"');
    await queryRunner.query('DROP TABLE "apprenticeships"');
    await queryRunner.query('DROP TYPE "public"."apprenticeship_status"');
    await queryRunner.query('DROP INDEX "public"."uq_users_email"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP TYPE "public"."user_role"');
    await queryRunner.query('DROP TABLE "cohorts"');
    await queryRunner.query('DROP TABLE "organisations"');
    await queryRunner.query('DROP TYPE "public"."organisation_kind"');
  }
}
