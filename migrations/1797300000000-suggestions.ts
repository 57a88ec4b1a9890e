import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Suggestions: each evidence file keeps the words read from it (extracted_text, NULL until read;
 * files uploaded before this are read lazily by the first suggestion request for their evidence),
 * and each piece of evidence keeps `terms`, the English-stemmed tsvector of its title,
 * description, links and files' words, which "accepted for similar evidence" searches through a
 * GIN index. Triggers keep `terms` in the same statement as every change, whoever writes.
 * criterion_terms holds each criterion's text stemmed the same way, kept by a trigger too.
 */
export class Suggestions1797300000000 implements MigrationInterface {
  name = 'Suggestions1797300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q('ALTER TABLE "evidence_files" ADD "extracted_text" text');
    await q('ALTER TABLE "evidence" ADD "terms" tsvector');
    await q(`CREATE FUNCTION ksb_evidence_terms(evidence uuid, title text, description text, links text[])
             RETURNS tsvector LANGUAGE sql STABLE AS $$
               SELECT to_tsvector('english', ksb_fold(left(
                 title || ' ' || description || ' ' || array_to_string(links, ' ') || ' ' ||
                 coalesce((SELECT string_agg(f.extracted_text, ' ' ORDER BY f.created_at)
                           FROM evidence_files f WHERE f.evidence_id = evidence), ''),
                 300000)))
             $$`);
    await q(`CREATE FUNCTION ksb_evidence_terms_row() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               NEW.terms := ksb_evidence_terms(NEW.id, NEW.title, NEW.description, NEW.links);
               RETURN NEW;
             END $$`);
    await q(`CREATE TRIGGER evidence_terms BEFORE INSERT OR UPDATE OF title, description, links
             ON evidence FOR EACH ROW EXECUTE FUNCTION ksb_evidence_terms_row()`);
    await q(`CREATE FUNCTION ksb_evidence_terms_files() RETURNS trigger LANGUAGE plpgsql AS $$
             DECLARE target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.evidence_id ELSE NEW.evidence_id END;
             BEGIN
               UPDATE evidence e SET terms = ksb_evidence_terms(e.id, e.title, e.description, e.links)
               WHERE e.id = target;
               RETURN NULL;
             END $$`);
    await q(`CREATE TRIGGER evidence_files_terms AFTER INSERT OR DELETE OR UPDATE OF extracted_text
             ON evidence_files FOR EACH ROW EXECUTE FUNCTION ksb_evidence_terms_files()`);
    await q('UPDATE evidence SET terms = ksb_evidence_terms(id, title, description, links)');
    // Each criterion's text, stemmed once when it is written rather than at every suggestion.
    await q(`CREATE TABLE "criterion_terms" (
               "criterion_id" uuid NOT NULL, "standard_id" uuid NOT NULL, "terms" tsvector NOT NULL,
               CONSTRAINT "pk_criterion_terms" PRIMARY KEY ("criterion_id"),
               CONSTRAINT "fk_criterion_terms_criterion_id" FOREIGN KEY ("criterion_id")
                 REFERENCES "criteria" ("id") ON DELETE CASCADE)`);
    await q('CREATE INDEX "ix_criterion_terms_standard_id" ON "criterion_terms" ("standard_id")');
    await q(`CREATE FUNCTION ksb_criterion_terms() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               INSERT INTO criterion_terms (criterion_id, standard_id, terms)
               VALUES (NEW.id, NEW.standard_id, to_tsvector('english', ksb_fold(NEW.text)))
               ON CONFLICT (criterion_id) DO UPDATE
                 SET standard_id = EXCLUDED.standard_id, terms = EXCLUDED.terms;
               RETURN NULL;
             END $$`);
    await q(`CREATE TRIGGER criteria_terms AFTER INSERT OR UPDATE OF text, standard_id ON criteria
             FOR EACH ROW EXECUTE FUNCTION ksb_criterion_terms()`);
    await q(`INSERT INTO criterion_terms (criterion_id, standard_id, terms)
             SELECT id, standard_id, to_tsvector('english', ksb_fold(text)) FROM criteria`);
    await q('CREATE INDEX "ix_evidence_terms" ON "evidence" USING gin ("terms")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q('DROP TRIGGER criteria_terms ON criteria');
    await q('DROP FUNCTION ksb_criterion_terms()');
    await q('DROP TABLE "criterion_terms"');
    await q('DROP INDEX "ix_evidence_terms"');
    await q('DROP TRIGGER evidence_files_terms ON evidence_files');
    await q('DROP FUNCTION ksb_evidence_terms_files()');
    await q('DROP TRIGGER evidence_terms ON evidence');
    await q('DROP FUNCTION ksb_evidence_terms_row()');
    await q('DROP FUNCTION ksb_evidence_terms(uuid, text, text, text[])');
    await q('ALTER TABLE "evidence" DROP COLUMN "terms"');
    await q('ALTER TABLE "evidence_files" DROP COLUMN "extracted_text"');
  }
}
