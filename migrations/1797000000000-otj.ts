import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The off-the-job training log: the rules per funding year as data (with the 2025/26 year, for
 * starts from 1 August 2025), each standard version's published minimum (empty until supplied),
 * each apprenticeship's plan, and the entries.
 */
export class Otj1797000000000 implements MigrationInterface {
  name = 'Otj1797000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "standards" ADD "minimum_otj_hours" integer');
    await queryRunner.query(
      'CREATE TABLE "otj_rule_years" ("code" character varying(7) NOT NULL, "starts_on" date NOT NULL, "floor_hours" integer NOT NULL, "max_day_minutes" integer NOT NULL, "late_after_days" integer NOT NULL, CONSTRAINT "uq_otj_rule_years_starts_on" UNIQUE ("starts_on"), CONSTRAINT "pk_otj_rule_years" PRIMARY KEY ("code"))',
    );
    await queryRunner.query(
      'CREATE TABLE "otj_categories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "rule_year" character varying(7) NOT NULL, "code" character varying(40) NOT NULL, "label" character varying(200) NOT NULL, "eligible" boolean NOT NULL, "position" smallint NOT NULL, CONSTRAINT "uq_otj_categories_rule_year_code" UNIQUE ("rule_year", "code"), CONSTRAINT "pk_otj_categories" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "otj_plans" ("apprenticeship_id" uuid NOT NULL, "planned_hours" integer NOT NULL, "rpl_hours" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_otj_plans_hours" CHECK (planned_hours > 0 AND rpl_hours >= 0), CONSTRAINT "pk_otj_plans" PRIMARY KEY ("apprenticeship_id"))',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"otj_deliverer\" AS ENUM('provider', 'employer', 'subcontractor')",
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"otj_entry_status\" AS ENUM('pending', 'approved', 'rejected')",
    );
    await queryRunner.query(
      'CREATE TABLE "otj_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "apprenticeship_id" uuid NOT NULL, "activity_date" date NOT NULL, "start_time" TIME, "duration_minutes" integer NOT NULL, "description" text NOT NULL, "category_id" uuid NOT NULL, "delivered_by" "public"."otj_deliverer" NOT NULL, "criteria" text array NOT NULL DEFAULT \'{}\', "evidence_id" uuid, "status" "public"."otj_entry_status" NOT NULL DEFAULT \'pending\', "author_id" uuid NOT NULL, "on_behalf" boolean NOT NULL DEFAULT false, "imported" boolean NOT NULL DEFAULT false, "warnings" jsonb NOT NULL DEFAULT \'[]\', "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_otj_entries_duration" CHECK (duration_minutes BETWEEN 1 AND 1440), CONSTRAINT "pk_otj_entries" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_otj_entries_apprenticeship_id_activity_date" ON "otj_entries"  ("apprenticeship_id", "activity_date") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_otj_entries_status_created_at" ON "otj_entries"  ("status", "created_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "otj_categories" ADD CONSTRAINT "fk_otj_categories_rule_year" FOREIGN KEY ("rule_year") REFERENCES "otj_rule_years"("code") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "otj_plans" ADD CONSTRAINT "fk_otj_plans_apprenticeship_id" FOREIGN KEY ("apprenticeship_id") REFERENCES "apprenticeships"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "otj_entries" ADD CONSTRAINT "fk_otj_entries_apprenticeship_id" FOREIGN KEY ("apprenticeship_id") REFERENCES "apprenticeships"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "otj_entries" ADD CONSTRAINT "fk_otj_entries_category_id" FOREIGN KEY ("category_id") REFERENCES "otj_categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "otj_entries" ADD CONSTRAINT "fk_otj_entries_evidence_id" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "otj_entries" ADD CONSTRAINT "fk_otj_entries_author_id" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "otj_entries" ADD CONSTRAINT "fk_otj_entries_decided_by_id" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // Kept totals, as coverage_counts: minutes and entries per apprenticeship × category ×
    // status, kept by a trigger on every write to otj_entries (whoever writes, in the same
    // statement), so the provider's progress sums a few rows per apprenticeship instead of
    // every entry. No entity: nothing but the trigger writes it.
    await queryRunner.query(
      `CREATE TABLE "otj_totals" ("apprenticeship_id" uuid NOT NULL, "category_id" uuid NOT NULL,
         "status" "public"."otj_entry_status" NOT NULL, "minutes" bigint NOT NULL, "entries" integer NOT NULL,
         CONSTRAINT "pk_otj_totals" PRIMARY KEY ("apprenticeship_id", "category_id", "status"))`,
    );
    await queryRunner.query(`CREATE FUNCTION ksb_otj_totals() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE otj_totals SET minutes = minutes - OLD.duration_minutes, entries = entries - 1
          WHERE apprenticeship_id = OLD.apprenticeship_id AND category_id = OLD.category_id
            AND status = OLD.status;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO otj_totals (apprenticeship_id, category_id, status, minutes, entries)
          VALUES (NEW.apprenticeship_id, NEW.category_id, NEW.status, NEW.duration_minutes, 1)
          ON CONFLICT (apprenticeship_id, category_id, status) DO UPDATE
            SET minutes = otj_totals.minutes + EXCLUDED.minutes, entries = otj_totals.entries + 1;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER otj_entries_totals AFTER INSERT OR UPDATE OR DELETE ON otj_entries
       FOR EACH ROW EXECUTE FUNCTION ksb_otj_totals()`,
    );
    // The 2025/26 rules (ESFA "Apprenticeship funding rules", starts from 1 August 2025): a
    // minimum of 187 hours after prior learning; what counts and what does not, as categories.
    await queryRunner.query(
      `INSERT INTO otj_rule_years (code, starts_on, floor_hours, max_day_minutes, late_after_days)
       VALUES ('2025/26', '2025-08-01', 187, 720, 30)`,
    );
    await queryRunner.query(
      `INSERT INTO otj_categories (rule_year, code, label, eligible, position) VALUES
       ('2025/26', 'theory', 'Teaching of theory: lectures, role play, simulation, online learning', true, 1),
       ('2025/26', 'practical', 'Practical training: shadowing, mentoring, industry visits, competitions', true, 2),
       ('2025/26', 'learning_support', 'Learning support and writing assignments', true, 3),
       ('2025/26', 'induction', 'Induction or onboarding (does not count)', false, 4),
       ('2025/26', 'english_maths', 'English and maths up to level 2 (does not count)', false, 5),
       ('2025/26', 'progress_review', 'Progress reviews (do not count)', false, 6),
       ('2025/26', 'assessment', 'Exams, end-point assessment and other testing (do not count)', false, 7)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "otj_entries"');
    await queryRunner.query('DROP FUNCTION ksb_otj_totals()');
    await queryRunner.query('DROP TABLE "otj_totals"');
    await queryRunner.query('DROP TYPE "public"."otj_entry_status"');
    await queryRunner.query('DROP TYPE "public"."otj_deliverer"');
    await queryRunner.query('DROP TABLE "otj_plans"');
    await queryRunner.query('DROP TABLE "otj_categories"');
    await queryRunner.query('DROP TABLE "otj_rule_years"');
    await queryRunner.query('ALTER TABLE "standards" DROP COLUMN "minimum_otj_hours"');
  }
}
