import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `evidence.terms` keeps the evidence's own words only (title, description, links), no longer its
 * files' words. "Accepted for similar evidence" compares pieces by it, weighing each piece by its
 * length: a notebook's or a report's thousands of words made every piece with files look unlike
 * anything (or, unweighed, like everything), while what the apprentice wrote about the work is
 * what tells two pieces apart. The files' words still rank criteria (read at suggestion time). The
 * GIN index goes: "similar" reads the provider's latest accepted pieces, never a search by terms.
 */
export class SimilarByOwnWords1797600000000 implements MigrationInterface {
  name = 'SimilarByOwnWords1797600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q('DROP INDEX "ix_evidence_terms"');
    await q('DROP TRIGGER evidence_files_terms ON evidence_files');
    await q('DROP FUNCTION ksb_evidence_terms_files()');
    await q(`CREATE OR REPLACE FUNCTION ksb_evidence_terms_row() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               NEW.terms := to_tsvector('english', ksb_fold(
                 NEW.title || ' ' || NEW.description || ' ' || array_to_string(NEW.links, ' ')));
               RETURN NEW;
             END $$`);
    await q('DROP FUNCTION ksb_evidence_terms(uuid, text, text, text[])');
    await q(`UPDATE evidence SET terms = to_tsvector('english', ksb_fold(
               title || ' ' || description || ' ' || array_to_string(links, ' ')))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE FUNCTION ksb_evidence_terms(evidence uuid, title text, description text, links text[])
             RETURNS tsvector LANGUAGE sql STABLE AS $$
               SELECT to_tsvector('english', ksb_fold(left(
                 title || ' ' || description || ' ' || array_to_string(links, ' ') || ' ' ||
                 coalesce((SELECT string_agg(f.extracted_text, ' ' ORDER BY f.created_at)
                           FROM evidence_files f WHERE f.evidence_id = evidence), ''),
                 300000)))
             $$`);
    await q(`CREATE OR REPLACE FUNCTION ksb_evidence_terms_row() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               NEW.terms := ksb_evidence_terms(NEW.id, NEW.title, NEW.description, NEW.links);
               RETURN NEW;
             END $$`);
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
    await q('CREATE INDEX "ix_evidence_terms" ON "evidence" USING gin ("terms")');
  }
}
