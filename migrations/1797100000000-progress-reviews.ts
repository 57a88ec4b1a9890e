import { MigrationInterface, QueryRunner } from 'typeorm';

/** Progress reviews (three-way, every 3 calendar months) and their signatures, one per party. */
export class ProgressReviews1797100000000 implements MigrationInterface {
  name = 'ProgressReviews1797100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "progress_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "apprenticeship_id" uuid NOT NULL, "number" integer NOT NULL, "meeting_date" date NOT NULL, "due_date" date NOT NULL, "changes" jsonb NOT NULL, "previous_actions" jsonb NOT NULL DEFAULT \'[]\', "actions" jsonb NOT NULL DEFAULT \'[]\', "training_plan_progress" text NOT NULL DEFAULT \'\', "concerns" text NOT NULL DEFAULT \'\', "support_and_wellbeing" text NOT NULL DEFAULT \'\', "epa_readiness" text NOT NULL DEFAULT \'\', "next_review_date" date NOT NULL, "next_review_later_reason" text, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_progress_reviews_apprenticeship_id_number" UNIQUE ("apprenticeship_id", "number"), CONSTRAINT "pk_progress_reviews" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"review_party\" AS ENUM('provider', 'employer', 'apprentice')",
    );
    await queryRunner.query(
      'CREATE TABLE "progress_review_signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "review_id" uuid NOT NULL, "party" "public"."review_party" NOT NULL, "signed_by_id" uuid NOT NULL, "content_sha256" character(64) NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_progress_review_signatures_review_id_party" UNIQUE ("review_id", "party"), CONSTRAINT "pk_progress_review_signatures" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "progress_reviews" ADD CONSTRAINT "fk_progress_reviews_apprenticeship_id" FOREIGN KEY ("apprenticeship_id") REFERENCES "apprenticeships"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "progress_reviews" ADD CONSTRAINT "fk_progress_reviews_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "progress_review_signatures" ADD CONSTRAINT "fk_progress_review_signatures_review_id" FOREIGN KEY ("review_id") REFERENCES "progress_reviews"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "progress_review_signatures" ADD CONSTRAINT "fk_progress_review_signatures_signed_by_id" FOREIGN KEY ("signed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "progress_review_signatures" DROP CONSTRAINT "fk_progress_review_signatures_signed_by_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "progress_review_signatures" DROP CONSTRAINT "fk_progress_review_signatures_review_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "progress_reviews" DROP CONSTRAINT "fk_progress_reviews_created_by_id"',
    );
    await queryRunner.query(
      'ALTER TABLE "progress_reviews" DROP CONSTRAINT "fk_progress_reviews_apprenticeship_id"',
    );
    await queryRunner.query('DROP TABLE "progress_review_signatures"');
    await queryRunner.query('DROP TYPE "public"."review_party"');
    await queryRunner.query('DROP TABLE "progress_reviews"');
  }
}
