import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_OWN = `NEW.title || ' ' || NEW.description || ' ' || array_to_string(NEW.links, ' ')`;

/**
 * ksb_own_words(): the evidence's own words (title, description, links; a line each, so that no
 * phrase runs from one into the next) as "similar evidence" compares them, with each web address cut to its path. A link's scheme, host and query
 * ("https", "github", "com", "utm_source") said nothing about the work, yet made two pieces with
 * links to the same site look alike, and took the place of the apprentice's words among the stems
 * a piece is compared by (SIMILAR_SQL). The path stays: "/zoe/drift-monitor" says what it is.
 * Used by the evidence.terms trigger and by the suggestions, which read it in SQL for saved evidence
 * and drafts alike, so both sides are cut the same way.
 */
export class OwnWordsWithoutHosts1797800000000 implements MigrationInterface {
  name = 'OwnWordsWithoutHosts1797800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE FUNCTION ksb_own_words(title text, description text, links text[])
             RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
             RETURN regexp_replace(
               title || E'\\n' || description || E'\\n' || array_to_string(links, ' '),
               '[a-z][a-z0-9+.-]*://[^/[:space:]?#]*([^[:space:]?#]*)([?#][^[:space:]]*)?',
               ' \\1 ', 'gi')`);
    await this.termsFrom(queryRunner, 'ksb_own_words(NEW.title, NEW.description, NEW.links)');
    await q(`UPDATE evidence SET terms = to_tsvector('english', ksb_fold(
               ksb_own_words(title, description, links)))
             WHERE cardinality(links) > 0 OR title LIKE '%://%' OR description LIKE '%://%'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.termsFrom(queryRunner, OLD_OWN);
    await queryRunner.query('DROP FUNCTION ksb_own_words(text, text, text[])');
    await queryRunner.query(
      `UPDATE evidence SET terms = to_tsvector('english', ksb_fold(
         title || ' ' || description || ' ' || array_to_string(links, ' ')))`,
    );
  }

  private async termsFrom(queryRunner: QueryRunner, own: string): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION ksb_evidence_terms_row() RETURNS trigger
             LANGUAGE plpgsql AS $$
             BEGIN
               NEW.terms := to_tsvector('english', ksb_fold(${own}));
               RETURN NEW;
             END $$`);
  }
}
